package main

import (
	"fmt"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
)

type workload struct {
	kind, name string
	template   *corev1.PodTemplateSpec
}

// crossCheck checks the references between the objects of one file: what a Service, PodDisruptionBudget or
// ScaledObject points at must be there, and so must the ServiceAccount and ConfigMaps a pod uses.
func crossCheck(objects []runtime.Object) []string {
	var workloads []workload
	names := map[string]bool{}
	for _, obj := range objects {
		if meta, ok := obj.(metav1.Object); ok {
			names[obj.GetObjectKind().GroupVersionKind().Kind+"/"+meta.GetName()] = true
		}
		switch o := obj.(type) {
		case *appsv1.Deployment:
			workloads = append(workloads, workload{"Deployment", o.Name, &o.Spec.Template})
		case *appsv1.StatefulSet:
			workloads = append(workloads, workload{"StatefulSet", o.Name, &o.Spec.Template})
		}
	}
	var problems []string
	selectsAny := func(what string, set labels.Selector) {
		for _, w := range workloads {
			if set.Matches(labels.Set(w.template.Labels)) {
				return
			}
		}
		problems = append(problems, what+" selects the pods of no workload in the file")
	}
	for _, obj := range objects {
		switch o := obj.(type) {
		case *corev1.Service:
			if len(o.Spec.Selector) == 0 {
				problems = append(problems, fmt.Sprintf("Service %q has no selector", o.Name))
			} else {
				selectsAny(fmt.Sprintf("Service %q", o.Name), labels.SelectorFromSet(o.Spec.Selector))
			}
		case *policyv1.PodDisruptionBudget:
			sel, err := metav1.LabelSelectorAsSelector(o.Spec.Selector)
			if err != nil || sel.Empty() {
				problems = append(problems, fmt.Sprintf("PodDisruptionBudget %q has no usable selector", o.Name))
			} else {
				selectsAny(fmt.Sprintf("PodDisruptionBudget %q", o.Name), sel)
			}
		case *scaledObject:
			kind := o.Spec.ScaleTargetRef.Kind
			if kind == "" {
				kind = "Deployment"
			}
			if !names[kind+"/"+o.Spec.ScaleTargetRef.Name] {
				problems = append(problems, fmt.Sprintf("ScaledObject %q scales %s/%s, which is not in the file", o.Name, kind, o.Spec.ScaleTargetRef.Name))
			}
			for _, t := range o.Spec.Triggers {
				if t.AuthenticationRef != nil && t.AuthenticationRef.Kind != "ClusterTriggerAuthentication" && !names["TriggerAuthentication/"+t.AuthenticationRef.Name] {
					problems = append(problems, fmt.Sprintf("ScaledObject %q trigger uses TriggerAuthentication %q, which is not in the file", o.Name, t.AuthenticationRef.Name))
				}
			}
		}
	}
	for _, w := range workloads {
		spec := w.template.Spec
		if spec.ServiceAccountName != "" && spec.ServiceAccountName != "default" && !names["ServiceAccount/"+spec.ServiceAccountName] {
			problems = append(problems, fmt.Sprintf("%s %q runs as ServiceAccount %q, which is not in the file", w.kind, w.name, spec.ServiceAccountName))
		}
		for _, v := range spec.Volumes {
			if v.ConfigMap != nil && !names["ConfigMap/"+v.ConfigMap.Name] {
				problems = append(problems, fmt.Sprintf("%s %q mounts ConfigMap %q, which is not in the file", w.kind, w.name, v.ConfigMap.Name))
			}
		}
	}
	return problems
}

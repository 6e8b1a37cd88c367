package main

import (
	"fmt"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation"
)

// validateObject runs the checks that need one object only: names, labels, pod specs, and KEDA's own
// admission rules (keda.go).
func validateObject(obj runtime.Object) []string {
	problems := kedaRules(obj)
	if meta, ok := obj.(metav1.Object); ok {
		for _, msg := range validation.IsDNS1123Subdomain(meta.GetName()) {
			problems = append(problems, fmt.Sprintf("metadata.name %q: %s", meta.GetName(), msg))
		}
		problems = append(problems, checkLabels("metadata.labels", meta.GetLabels())...)
	}
	switch o := obj.(type) {
	case *appsv1.Deployment:
		problems = append(problems, checkWorkload(o.Spec.Selector, &o.Spec.Template)...)
	case *appsv1.StatefulSet:
		problems = append(problems, checkWorkload(o.Spec.Selector, &o.Spec.Template)...)
		if o.Spec.ServiceName == "" {
			problems = append(problems, "spec.serviceName is empty")
		}
	case *batchv1.Job:
		problems = append(problems, checkPodSpec("spec.template.spec", &o.Spec.Template.Spec)...)
	case *policyv1.PodDisruptionBudget:
		if (o.Spec.MinAvailable == nil) == (o.Spec.MaxUnavailable == nil) {
			problems = append(problems, "spec: exactly one of minAvailable and maxUnavailable must be set")
		}
	}
	return problems
}

func checkLabels(path string, set map[string]string) []string {
	var problems []string
	for key, value := range set {
		for _, msg := range validation.IsQualifiedName(key) {
			problems = append(problems, fmt.Sprintf("%s key %q: %s", path, key, msg))
		}
		for _, msg := range validation.IsValidLabelValue(value) {
			problems = append(problems, fmt.Sprintf("%s[%s] value %q: %s", path, key, value, msg))
		}
	}
	return problems
}

func checkWorkload(selector *metav1.LabelSelector, template *corev1.PodTemplateSpec) []string {
	var problems []string
	sel, err := metav1.LabelSelectorAsSelector(selector)
	switch {
	case err != nil:
		problems = append(problems, "spec.selector: "+err.Error())
	case sel.Empty():
		problems = append(problems, "spec.selector is empty")
	case !sel.Matches(labels.Set(template.Labels)):
		problems = append(problems, "spec.selector does not match spec.template.metadata.labels")
	}
	problems = append(problems, checkLabels("spec.template.metadata.labels", template.Labels)...)
	return append(problems, checkPodSpec("spec.template.spec", &template.Spec)...)
}

func checkPodSpec(path string, spec *corev1.PodSpec) []string {
	var problems []string
	volumes := map[string]bool{}
	for _, v := range spec.Volumes {
		volumes[v.Name] = true
	}
	if len(spec.Containers) == 0 {
		problems = append(problems, path+".containers is empty")
	}
	for i, c := range append(append([]corev1.Container{}, spec.InitContainers...), spec.Containers...) {
		where := fmt.Sprintf("%s container %q", path, c.Name)
		for _, msg := range validation.IsDNS1123Label(c.Name) {
			problems = append(problems, fmt.Sprintf("%s container %d name: %s", path, i, msg))
		}
		if c.Image == "" {
			problems = append(problems, where+": image is empty")
		}
		ports := map[string]bool{}
		for _, p := range c.Ports {
			if p.Name != "" {
				ports[p.Name] = true
			}
		}
		for _, m := range c.VolumeMounts {
			if !volumes[m.Name] {
				problems = append(problems, fmt.Sprintf("%s: volumeMount %q names no volume of the pod", where, m.Name))
			}
		}
		for _, e := range c.Env {
			for _, msg := range validation.IsEnvVarName(e.Name) {
				problems = append(problems, fmt.Sprintf("%s: env %q: %s", where, e.Name, msg))
			}
		}
		for name, probe := range map[string]*corev1.Probe{"livenessProbe": c.LivenessProbe, "readinessProbe": c.ReadinessProbe, "startupProbe": c.StartupProbe} {
			if probe != nil && probe.HTTPGet != nil && probe.HTTPGet.Port.StrVal != "" && !ports[probe.HTTPGet.Port.StrVal] {
				problems = append(problems, fmt.Sprintf("%s: %s port %q is not a named port of the container", where, name, probe.HTTPGet.Port.StrVal))
			}
		}
		for resource, limit := range c.Resources.Limits {
			if request, ok := c.Resources.Requests[resource]; ok && request.Cmp(limit) > 0 {
				problems = append(problems, fmt.Sprintf("%s: %s request %s exceeds its limit %s", where, resource, request.String(), limit.String()))
			}
		}
	}
	return problems
}

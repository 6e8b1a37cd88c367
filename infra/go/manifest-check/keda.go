package main

import (
	"fmt"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
)

// The fields of KEDA's objects that the cross-reference checks and KEDA's admission rules read. The schema
// itself (every field, its type, enums, unknown fields) is checked against KEDA's CRDs (crd.go); KEDA's Go
// package is not linked in, since it drags controller-runtime and client-go into the build.

type kedaRef struct {
	Name string `json:"name"`
	Kind string `json:"kind,omitempty"`
}

type scaledObject struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata"`
	Spec              struct {
		ScaleTargetRef   kedaRef `json:"scaleTargetRef"`
		MinReplicaCount  *int32  `json:"minReplicaCount,omitempty"`
		MaxReplicaCount  *int32  `json:"maxReplicaCount,omitempty"`
		IdleReplicaCount *int32  `json:"idleReplicaCount,omitempty"`
		Triggers         []struct {
			Type              string   `json:"type"`
			Name              string   `json:"name,omitempty"`
			AuthenticationRef *kedaRef `json:"authenticationRef,omitempty"`
		} `json:"triggers"`
	} `json:"spec"`
}

func (o *scaledObject) DeepCopyObject() runtime.Object { c := *o; return &c }

type triggerAuthentication struct {
	metav1.TypeMeta   `json:",inline"`
	metav1.ObjectMeta `json:"metadata"`
	Spec              struct {
		PodIdentity *struct {
			Provider      string  `json:"provider"`
			RoleArn       *string `json:"roleArn,omitempty"`
			ExternalID    *string `json:"externalID,omitempty"`
			IdentityOwner *string `json:"identityOwner,omitempty"`
		} `json:"podIdentity,omitempty"`
	} `json:"spec"`
}

func (o *triggerAuthentication) DeepCopyObject() runtime.Object { c := *o; return &c }

// kedaRules are the checks of KEDA's admission webhook (v2.21.0) that need no cluster: at least one trigger,
// unique trigger names, minReplicaCount <= maxReplicaCount (default 100), idleReplicaCount below the minimum,
// and for AWS pod identity no roleArn with identityOwner=workload and no externalID without roleArn.
func kedaRules(obj runtime.Object) []string {
	var problems []string
	switch o := obj.(type) {
	case *scaledObject:
		if len(o.Spec.Triggers) == 0 {
			problems = append(problems, "KEDA: no triggers defined")
		}
		names := map[string]bool{}
		for _, t := range o.Spec.Triggers {
			if t.Name != "" && names[t.Name] {
				problems = append(problems, fmt.Sprintf("KEDA: trigger name %q is used more than once", t.Name))
			}
			names[t.Name] = true
		}
		minimum, maximum := int32(0), int32(100)
		if o.Spec.MinReplicaCount != nil {
			minimum = *o.Spec.MinReplicaCount
		}
		if o.Spec.MaxReplicaCount != nil {
			maximum = *o.Spec.MaxReplicaCount
		}
		if minimum > maximum {
			problems = append(problems, fmt.Sprintf("KEDA: MinReplicaCount=%d must be less than MaxReplicaCount=%d", minimum, maximum))
		}
		if o.Spec.IdleReplicaCount != nil && *o.Spec.IdleReplicaCount >= minimum {
			problems = append(problems, fmt.Sprintf("KEDA: IdleReplicaCount=%d must be less than MinReplicaCount=%d", *o.Spec.IdleReplicaCount, minimum))
		}
	case *triggerAuthentication:
		p := o.Spec.PodIdentity
		if p != nil && p.Provider == "aws" {
			hasRole := p.RoleArn != nil && *p.RoleArn != ""
			if hasRole && p.IdentityOwner != nil && *p.IdentityOwner == "workload" {
				problems = append(problems, "KEDA: podIdentity.roleArn can't be set if KEDA isn't identityOwner")
			}
			if p.ExternalID != nil && *p.ExternalID != "" && !hasRole {
				problems = append(problems, "KEDA: podIdentity.externalID requires roleArn")
			}
		}
	}
	return problems
}

package main

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	apiextensions "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	structuralschema "k8s.io/apiextensions-apiserver/pkg/apiserver/schema"
	"k8s.io/apiextensions-apiserver/pkg/apiserver/schema/pruning"
	apiservervalidation "k8s.io/apiextensions-apiserver/pkg/apiserver/validation"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/yaml"
)

// crdSchema is one served version of a CustomResourceDefinition, ready to validate and prune with the API
// server's own code (k8s.io/apiextensions-apiserver).
type crdSchema struct {
	structural *structuralschema.Structural
	validator  apiservervalidation.SchemaValidator
}

// crdSchemas maps "group/version, Kind" to its schema.
type crdSchemas map[string]crdSchema

// loadCRDSchemas reads every CustomResourceDefinition in the YAML files of dir (KEDA's config/crd/bases).
func loadCRDSchemas(dir string) (crdSchemas, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("no CRD files (*.yaml) in %s", dir)
	}
	schemas := crdSchemas{}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			return nil, err
		}
		var crd apiextensionsv1.CustomResourceDefinition
		if err := yaml.UnmarshalStrict(data, &crd); err != nil {
			return nil, fmt.Errorf("%s: %v", file, err)
		}
		for _, version := range crd.Spec.Versions {
			if !version.Served || version.Schema == nil || version.Schema.OpenAPIV3Schema == nil {
				continue
			}
			var internal apiextensions.JSONSchemaProps
			if err := apiextensionsv1.Convert_v1_JSONSchemaProps_To_apiextensions_JSONSchemaProps(version.Schema.OpenAPIV3Schema, &internal, nil); err != nil {
				return nil, fmt.Errorf("%s: %v", file, err)
			}
			structural, err := structuralschema.NewStructural(&internal)
			if err != nil {
				return nil, fmt.Errorf("%s: %v", file, err)
			}
			validator, _, err := apiservervalidation.NewSchemaValidator(&internal)
			if err != nil {
				return nil, fmt.Errorf("%s: %v", file, err)
			}
			schemas[crd.Spec.Group+"/"+version.Name+", "+crd.Spec.Names.Kind] = crdSchema{structural, validator}
		}
	}
	return schemas, nil
}

// kindOf returns the kind of a document whose API group is one of the CRDs' (a custom resource).
func (c crdSchemas) kindOf(doc []byte) (string, bool) {
	var head struct {
		APIVersion string `json:"apiVersion"`
		Kind       string `json:"kind"`
	}
	if err := yaml.Unmarshal(doc, &head); err != nil {
		return "", false
	}
	group, _, _ := strings.Cut(head.APIVersion, "/")
	return head.Kind, c.hasGroup(group)
}

// validate checks a custom resource against its CRD as the API server does on create: OpenAPI validation
// (types, enums, required, bounds), then pruning, where every field the schema does not know is reported
// (what the API server rejects with fieldValidation=Strict). It returns the object for the further checks.
func (c crdSchemas) validate(doc []byte, kind string) (runtime.Object, []string) {
	var obj map[string]any
	if err := yaml.Unmarshal(doc, &obj); err != nil {
		return nil, []string{err.Error()}
	}
	apiVersion, _ := obj["apiVersion"].(string)
	schema, ok := c[apiVersion+", "+kind]
	if !ok {
		return nil, []string{fmt.Sprintf("no kind %q is registered for version %q in KEDA's CRDs", kind, apiVersion)}
	}
	var problems []string
	for _, err := range apiservervalidation.ValidateCustomResource(nil, obj, schema.validator) {
		problems = append(problems, "CRD schema: "+err.Error())
	}
	unknown := pruning.PruneWithOptions(obj, schema.structural, true, structuralschema.UnknownFieldPathOptions{TrackUnknownFieldPaths: true})
	sort.Strings(unknown)
	for _, path := range unknown {
		problems = append(problems, fmt.Sprintf("CRD schema: unknown field %q", path))
	}
	var typed runtime.Object
	switch kind {
	case "ScaledObject":
		typed = &scaledObject{}
	case "TriggerAuthentication":
		typed = &triggerAuthentication{}
	default:
		return &unstructured.Unstructured{Object: obj}, problems
	}
	if err := yaml.Unmarshal(doc, typed); err != nil {
		return nil, append(problems, err.Error())
	}
	return typed, problems
}

func (c crdSchemas) hasGroup(group string) bool {
	for key := range c {
		if strings.HasPrefix(key, group+"/") {
			return true
		}
	}
	return false
}

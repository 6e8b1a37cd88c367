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

// validate checks a document of a custom resource against its CRD as the API server does on create:
// OpenAPI validation (types, enums, required), then pruning, where every field the schema does not know
// is reported. Documents of built-in kinds pass through.
func (c crdSchemas) validate(doc []byte, kind string) []string {
	var obj map[string]any
	if err := yaml.Unmarshal(doc, &obj); err != nil {
		return []string{err.Error()}
	}
	apiVersion, _ := obj["apiVersion"].(string)
	group, _, _ := strings.Cut(apiVersion, "/")
	schema, ok := c[apiVersion+", "+kind]
	if !ok && !c.hasGroup(group) {
		return nil // a built-in kind: its Go type was the schema
	}
	if !ok {
		return []string{fmt.Sprintf("no CRD schema for %s %s", apiVersion, kind)}
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
	return problems
}

func (c crdSchemas) hasGroup(group string) bool {
	for key := range c {
		if strings.HasPrefix(key, group+"/") {
			return true
		}
	}
	return false
}

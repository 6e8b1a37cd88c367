package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"sigs.k8s.io/yaml"
)

// scheme knows the built-in kinds a chart like ours may render; KEDA's kinds are checked against KEDA's CRDs.
func newScheme() (*runtime.Scheme, error) {
	scheme := runtime.NewScheme()
	for _, add := range []func(*runtime.Scheme) error{
		corev1.AddToScheme, appsv1.AddToScheme, batchv1.AddToScheme, policyv1.AddToScheme, rbacv1.AddToScheme,
		autoscalingv2.AddToScheme, networkingv1.AddToScheme,
	} {
		if err := add(scheme); err != nil {
			return nil, err
		}
	}
	return scheme, nil
}

func runK8s(args []string) []string {
	if len(args) < 3 || args[0] != "--crds" {
		usage()
	}
	crdDir, files, printJSON := args[1], args[2:], false
	if files[0] == "--json" {
		files, printJSON = files[1:], true
	}
	crds, err := loadCRDSchemas(crdDir)
	if err != nil {
		return []string{err.Error()}
	}
	scheme, err := newScheme()
	if err != nil {
		return []string{err.Error()}
	}
	// EnableStrict: unknown and duplicate fields are errors, as `kubectl apply --validate=strict` makes them.
	decoder := serializer.NewCodecFactory(scheme, serializer.EnableStrict).UniversalDeserializer()
	var problems []string
	count := 0
	var all []json.RawMessage
	for _, file := range files {
		docs, err := splitDocuments(file)
		if err != nil {
			problems = append(problems, err.Error())
			continue
		}
		var objects []runtime.Object
		for i, doc := range docs {
			if kind, ok := crds.kindOf(doc); ok {
				where := fmt.Sprintf("%s (document %d, %s)", file, i+1, kind)
				custom, found := crds.validate(doc, kind)
				if custom != nil {
					count++
					objects = append(objects, custom)
					found = append(found, validateObject(custom)...)
				}
				for _, p := range found {
					problems = append(problems, fmt.Sprintf("%s: %s", where, p))
				}
				if asJSON, err := yaml.YAMLToJSON(doc); err == nil {
					all = append(all, asJSON)
				}
				continue
			}
			obj, gvk, err := decoder.Decode(doc, nil, nil)
			where := fmt.Sprintf("%s (document %d)", file, i+1)
			if gvk != nil && gvk.Kind != "" {
				where = fmt.Sprintf("%s (document %d, %s)", file, i+1, gvk.Kind)
			}
			if err != nil {
				problems = append(problems, fmt.Sprintf("%s: %v", where, err))
				continue
			}
			obj.GetObjectKind().SetGroupVersionKind(*gvk)
			count++
			for _, p := range validateObject(obj) {
				problems = append(problems, fmt.Sprintf("%s: %s", where, p))
			}
			objects = append(objects, obj)
			if asJSON, err := yaml.YAMLToJSON(doc); err == nil {
				all = append(all, asJSON)
			}
		}
		for _, p := range crossCheck(objects) {
			problems = append(problems, fmt.Sprintf("%s: %s", file, p))
		}
	}
	if printJSON {
		out, _ := json.Marshal(all)
		fmt.Println(string(out))
	} else if len(problems) == 0 {
		fmt.Printf("%d objects valid\n", count)
	}
	return problems
}

// splitDocuments returns the non-empty YAML documents of a file (helm template output has empty ones).
func splitDocuments(file string) ([][]byte, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	reader := utilyaml.NewYAMLReader(bufioReader(data))
	var docs [][]byte
	for {
		doc, err := reader.Read()
		if errors.Is(err, io.EOF) {
			return docs, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %v", file, err)
		}
		var probe map[string]any
		if err := yaml.Unmarshal(doc, &probe); err != nil {
			return nil, fmt.Errorf("%s: %v", file, err)
		}
		if len(probe) > 0 {
			docs = append(docs, bytes.TrimSpace(doc))
		}
	}
}

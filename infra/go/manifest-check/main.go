// manifest-check validates the deployment files of sqs-connect with the parsers and types of the real tools:
//
//	manifest-check k8s --crds DIR [--json] FILE...
//	                                        every YAML document strictly against Kubernetes' API types (k8s.io/api);
//	                                        KEDA objects against KEDA's CRD OpenAPI schemas in DIR with the API
//	                                        server's validation and pruning, plus KEDA's cluster-free admission
//	                                        rules; unknown fields fail; --json prints the documents as JSON
//	manifest-check dockerfile FILE          parses a Dockerfile with BuildKit's parser and linter, prints its
//	                                        stages as JSON; a parse error or lint warning fails
//
// Exit code 0 when everything is valid, 1 with one line per problem on stderr otherwise, 2 on bad usage.
package main

import (
	"fmt"
	"os"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	var problems []string
	switch os.Args[1] {
	case "k8s":
		problems = runK8s(os.Args[2:])
	case "dockerfile":
		problems = runDockerfile(os.Args[2:])
	default:
		usage()
	}
	for _, p := range problems {
		fmt.Fprintln(os.Stderr, p)
	}
	if len(problems) > 0 {
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: manifest-check k8s --crds DIR [--json] FILE... | manifest-check dockerfile FILE")
	os.Exit(2)
}

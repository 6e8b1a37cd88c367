package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
)

// stageSummary is what the tests assert on: one entry per build stage.
type stageSummary struct {
	Name        string        `json:"name"`
	Base        string        `json:"base"`
	User        string        `json:"user,omitempty"`
	Workdir     string        `json:"workdir,omitempty"`
	Copies      []copySummary `json:"copies"`
	Runs        []string      `json:"runs"`
	Env         []string      `json:"env"`
	Expose      []string      `json:"expose"`
	Entrypoint  []string      `json:"entrypoint,omitempty"`
	Cmd         []string      `json:"cmd,omitempty"`
	Healthcheck []string      `json:"healthcheck,omitempty"`
	Volumes     []string      `json:"volumes"`
	Adds        int           `json:"adds"`
}

type copySummary struct {
	From    string   `json:"from,omitempty"`
	Sources []string `json:"sources"`
	Dest    string   `json:"dest"`
	Chown   string   `json:"chown,omitempty"`
}

func runDockerfile(args []string) []string {
	if len(args) != 1 {
		usage()
	}
	file, err := os.Open(args[0])
	if err != nil {
		return []string{err.Error()}
	}
	defer file.Close()
	result, err := parser.Parse(file)
	if err != nil {
		return []string{fmt.Sprintf("%s: %v", args[0], err)}
	}
	var problems []string
	for _, w := range result.Warnings {
		problems = append(problems, fmt.Sprintf("%s:%d: parser warning: %s", args[0], w.Location.Start.Line, w.Short))
	}
	lint := linter.New(&linter.Config{Warn: func(rule, description, url, message string, location []parser.Range) {
		line := 0
		if len(location) > 0 {
			line = location[0].Start.Line
		}
		problems = append(problems, fmt.Sprintf("%s:%d: lint %s: %s", args[0], line, rule, message))
	}})
	stages, _, err := instructions.Parse(result.AST, lint)
	if err != nil {
		return append(problems, fmt.Sprintf("%s: %v", args[0], err))
	}
	summaries := make([]stageSummary, 0, len(stages))
	for _, stage := range stages {
		summaries = append(summaries, summarize(stage))
	}
	out, _ := json.MarshalIndent(summaries, "", "  ")
	fmt.Println(string(out))
	return problems
}

func summarize(stage instructions.Stage) stageSummary {
	s := stageSummary{Name: stage.Name, Base: stage.BaseName, Copies: []copySummary{}, Runs: []string{}, Env: []string{}, Expose: []string{}, Volumes: []string{}}
	for _, command := range stage.Commands {
		switch c := command.(type) {
		case *instructions.CopyCommand:
			s.Copies = append(s.Copies, copySummary{From: c.From, Sources: c.SourcePaths, Dest: c.DestPath, Chown: c.Chown})
		case *instructions.AddCommand:
			s.Adds++
		case *instructions.RunCommand:
			s.Runs = append(s.Runs, strings.Join(c.CmdLine, " "))
		case *instructions.EnvCommand:
			for _, kv := range c.Env {
				s.Env = append(s.Env, kv.Key+"="+kv.Value)
			}
		case *instructions.ExposeCommand:
			s.Expose = append(s.Expose, c.Ports...)
		case *instructions.UserCommand:
			s.User = c.User
		case *instructions.WorkdirCommand:
			s.Workdir = c.Path
		case *instructions.EntrypointCommand:
			s.Entrypoint = c.CmdLine
		case *instructions.CmdCommand:
			s.Cmd = c.CmdLine
		case *instructions.HealthCheckCommand:
			s.Healthcheck = c.Health.Test
		case *instructions.VolumeCommand:
			s.Volumes = append(s.Volumes, c.Volumes...)
		}
	}
	return s
}

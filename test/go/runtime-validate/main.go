// Command runtime-validate checks generated KubeArmor policies with KubeArmor's own code, the way the KubeArmor
// daemon takes a KubeArmorPolicy and turns it into an AppArmor profile:
//
//  1. every YAML document is decoded strictly (unknown or duplicate fields are errors) into the controller's Go
//     API type, security.kubearmor.com/v1 KubeArmorPolicy (module github.com/kubearmor/KubeArmor/pkg/KubeArmorController);
//  2. the daemon's own conversion, core.(*KubeArmorDaemon).CreateSecurityPolicy (module
//     github.com/kubearmor/KubeArmor/KubeArmor), turns it into the daemon's SecurityPolicy (selector identities,
//     actions and severities carried down to every rule);
//  3. the daemon's AppArmor enforcer, enforcer.(*AppArmorEnforcer).GenerateProfileBody, builds the profile body
//     and enforcer.BaseTemplate renders it, as AppArmorEnforcer.GenerateAppArmorProfile does;
//  4. with -apparmor-parser, AppArmor's own parser compiles the rendered profile (`apparmor_parser -Q -K`: parse
//     and compile, load nothing into a kernel).
//
// It prints one line per policy and exits 1 with the engine's error when any policy fails.
package main

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"text/template"

	sprig "github.com/Masterminds/sprig/v3"
	"github.com/kubearmor/KubeArmor/KubeArmor/core"
	"github.com/kubearmor/KubeArmor/KubeArmor/enforcer"
	tp "github.com/kubearmor/KubeArmor/KubeArmor/types"
	ksp "github.com/kubearmor/KubeArmor/pkg/KubeArmorController/api/security.kubearmor.com/v1"
	kyaml "k8s.io/apimachinery/pkg/util/yaml"
	"sigs.k8s.io/yaml"
)

func main() {
	parser := flag.String("apparmor-parser", "", "path of apparmor_parser: compile every rendered profile with it")
	dump := flag.String("dump", "", "write every rendered AppArmor profile into this directory")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: runtime-validate [-apparmor-parser PATH] [-dump DIR] kubearmor FILE...")
	}
	flag.Parse()
	args := flag.Args()
	if len(args) < 2 || args[0] != "kubearmor" {
		flag.Usage()
		os.Exit(2)
	}
	failed := 0
	checked := 0
	for _, file := range args[1:] {
		docs, err := documents(file)
		if err != nil {
			fmt.Printf("FAIL %s: %v\n", file, err)
			failed++
			continue
		}
		for i, doc := range docs {
			name, summary, err := checkKubeArmor(doc, *parser, *dump, fmt.Sprintf("%s.%d.", filepath.Base(file), i))
			checked++
			if err != nil {
				fmt.Printf("FAIL %s#%d %s: %v\n", file, i, name, err)
				failed++
				continue
			}
			fmt.Printf("ok %s#%d %s: %s\n", file, i, name, summary)
		}
	}
	fmt.Printf("%d policies, %d failed\n", checked, failed)
	if failed > 0 || checked == 0 {
		os.Exit(1)
	}
}

// documents splits a multi-document YAML file, leaving out documents that hold only comments.
func documents(file string) ([][]byte, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := kyaml.NewYAMLReader(bufio.NewReader(f))
	var out [][]byte
	for {
		doc, err := r.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		var v any
		if err := yaml.Unmarshal(doc, &v); err != nil {
			return nil, err
		}
		if v != nil {
			out = append(out, doc)
		}
	}
}

func checkKubeArmor(doc []byte, parser, dump, dumpPrefix string) (string, string, error) {
	var policy ksp.KubeArmorPolicy
	if err := yaml.UnmarshalStrict(doc, &policy); err != nil {
		return "?", "", fmt.Errorf("strict decode into %s KubeArmorPolicy: %w", ksp.SchemeGroupVersion, err)
	}
	name := policy.Namespace + "/" + policy.Name
	if policy.APIVersion != ksp.SchemeGroupVersion.String() || policy.Kind != core.KubeArmorPolicy {
		return name, "", fmt.Errorf("apiVersion %q kind %q: want %s %s", policy.APIVersion, policy.Kind, ksp.SchemeGroupVersion, core.KubeArmorPolicy)
	}
	if policy.Name == "" || policy.Namespace == "" {
		return name, "", errors.New("metadata.name and metadata.namespace are required")
	}
	dm := core.NewKubeArmorDaemon()
	secPolicy, err := dm.CreateSecurityPolicy(core.KubeArmorPolicy, policy)
	if err != nil {
		return name, "", fmt.Errorf("KubeArmor daemon CreateSecurityPolicy: %w", err)
	}
	rules := len(secPolicy.Spec.Process.MatchPaths) + len(secPolicy.Spec.Process.MatchDirectories) + len(secPolicy.Spec.Process.MatchPatterns) +
		len(secPolicy.Spec.File.MatchPaths) + len(secPolicy.Spec.File.MatchDirectories) + len(secPolicy.Spec.File.MatchPatterns)
	if rules == 0 {
		return name, "", errors.New("the daemon's SecurityPolicy holds no process or file rule")
	}

	// The daemon's default posture (its flags' defaults: audit for files, network and capabilities).
	posture := tp.DefaultPosture{FileAction: "audit", NetworkAction: "audit", CapabilitiesAction: "audit"}
	ae := &enforcer.AppArmorEnforcer{}
	count, profile := ae.GenerateProfileBody([]tp.SecurityPolicy{secPolicy}, posture, false)
	profile.Name = "kubearmor-" + policy.Namespace + "-" + policy.Name
	funcs := sprig.GenericFuncMap()
	delete(funcs, "env")
	delete(funcs, "expandenv")
	t, err := template.New("apparmor").Funcs(funcs).Parse(enforcer.BaseTemplate)
	if err != nil {
		return name, "", fmt.Errorf("KubeArmor AppArmor template: %w", err)
	}
	var text bytes.Buffer
	if err := t.Execute(&text, profile); err != nil {
		return name, "", fmt.Errorf("KubeArmor AppArmor template: %w", err)
	}
	summary := fmt.Sprintf("%d rules in KubeArmor's SecurityPolicy, AppArmor profile %s with %d enforced rules (%d lines)",
		rules, profile.Name, count, strings.Count(text.String(), "\n"))

	if dump != "" {
		if err := os.MkdirAll(dump, 0o755); err != nil {
			return name, "", err
		}
		if err := os.WriteFile(filepath.Join(dump, dumpPrefix+profile.Name), text.Bytes(), 0o644); err != nil {
			return name, "", err
		}
	}
	if parser != "" {
		tmp, err := os.CreateTemp("", "runtime-validate-*.apparmor")
		if err != nil {
			return name, "", err
		}
		defer os.Remove(tmp.Name())
		if _, err := tmp.Write(text.Bytes()); err != nil {
			return name, "", err
		}
		tmp.Close()
		out, err := exec.Command(parser, "-Q", "-K", tmp.Name()).CombinedOutput()
		if err != nil {
			return name, "", fmt.Errorf("apparmor_parser refused KubeArmor's profile: %v: %s", err, parserErrors(out))
		}
		summary += ", compiled by apparmor_parser"
	}
	return name, summary, nil
}

// parserErrors drops the parser's note that no kernel interface is present (nothing is loaded here anyway).
func parserErrors(out []byte) string {
	var keep []string
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if !strings.HasPrefix(l, "Cache read/write disabled") {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, " | ")
}

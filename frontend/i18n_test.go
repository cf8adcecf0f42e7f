package frontend

import (
	"io/fs"
	"os"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"

	// Strict: a key given twice in a language file is an error, not the last one winning.
	"github.com/go-json-experiment/json"
)

func languageFiles(t *testing.T) map[string]map[string]string {
	t.Helper()
	files, err := fs.Glob(Files(), "i18n/*.json")
	if err != nil || len(files) < 2 {
		t.Fatalf("language files: %v %v", files, err)
	}
	langs := map[string]map[string]string{}
	for _, f := range files {
		data, err := fs.ReadFile(Files(), f)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]string
		if err := json.Unmarshal(data, &m); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		langs[strings.TrimSuffix(path.Base(f), ".json")] = m
	}
	return langs
}

var placeholder = regexp.MustCompile(`\{\w+\}`)

func placeholders(s string) []string {
	p := placeholder.FindAllString(s, -1)
	slices.Sort(p)
	return slices.Compact(p)
}

// Every language has every key of every other, none empty, with the same {placeholders}.
func TestLanguagesComplete(t *testing.T) {
	langs := languageFiles(t)
	en := langs["en"]
	if len(en) == 0 {
		t.Fatal("no English strings")
	}
	for code, m := range langs {
		for k, v := range en {
			got, ok := m[k]
			switch {
			case !ok:
				t.Errorf("%s.json lacks %q", code, k)
			case strings.TrimSpace(got) == "" && strings.TrimSpace(v) != "":
				t.Errorf("%s.json: %q is empty", code, k)
			case !slices.Equal(placeholders(got), placeholders(v)):
				t.Errorf("%s.json: %q has placeholders %v, English has %v", code, k, placeholders(got), placeholders(v))
			}
		}
		for k := range m {
			if _, ok := en[k]; !ok {
				t.Errorf("%s.json has %q, which en.json lacks", code, k)
			}
		}
	}
}

// Every key the code names literally — t('key'), tn('key', n) (as key.other),
// and key: 'key' in the header's links (nav.js) — has an English string.
func TestKeysUsedExist(t *testing.T) {
	en := languageFiles(t)["en"]
	used := regexp.MustCompile(`\bt\('([A-Za-z0-9_.]+)'`)
	counted := regexp.MustCompile(`\btn\('([A-Za-z0-9_.]+)'`)
	navKey := regexp.MustCompile(`\bkey: '([A-Za-z0-9_.]+)'`)
	n := 0
	err := fs.WalkDir(Files(), ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(name) != ".js" || strings.HasPrefix(name, "vendor/") {
			return err
		}
		data, err := fs.ReadFile(Files(), name)
		if err != nil {
			return err
		}
		found := used.FindAllStringSubmatch(string(data), -1)
		if name == "nav.js" {
			found = append(found, navKey.FindAllStringSubmatch(string(data), -1)...)
		}
		for _, m := range counted.FindAllStringSubmatch(string(data), -1) {
			found = append(found, []string{m[0], m[1] + ".other"})
		}
		for _, m := range found {
			key := m[1]
			n++
			if _, ok := en[key]; !ok {
				t.Errorf("%s uses %q, which en.json lacks", name, key)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 100 {
		t.Errorf("found only %d uses of keys: the pattern no longer matches the code", n)
	}
}

// Every error code the API documents has a text in every language.
func TestErrorCodesTranslated(t *testing.T) {
	spec, err := os.ReadFile("../docs/openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	enum := regexp.MustCompile(`code: \{enum: \[([a-z_, ]+)\]\}`)
	codes := map[string]bool{}
	for _, m := range enum.FindAllStringSubmatch(string(spec), -1) {
		for _, c := range strings.Split(m[1], ",") {
			codes[strings.TrimSpace(c)] = true
		}
	}
	if len(codes) < 20 {
		t.Fatalf("found %d error codes in openapi.yaml: the pattern no longer matches", len(codes))
	}
	for code, m := range languageFiles(t) {
		for c := range codes {
			if _, ok := m["error."+c]; !ok {
				t.Errorf("%s.json lacks error.%s", code, c)
			}
		}
	}
}

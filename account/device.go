package account

import "strings"

// DeviceLabel turns a User-Agent into a coarse label such as "Firefox on Android", enough
// for a person to recognise their own sessions and too coarse to fingerprint anyone.
// Unknown agents give "Unknown browser on unknown system"; the raw string is never kept.
func DeviceLabel(userAgent string) string {
	ua := strings.ToLower(userAgent)
	return firstMatch(ua, browsers, "Unknown browser") + " on " + firstMatch(ua, systems, "unknown system")
}

type uaRule struct{ token, label string }

// Order matters: Edge and Opera also claim Chrome, Chrome also claims Safari, and
// Android also claims Linux.
var (
	browsers = []uaRule{
		{"firefox/", "Firefox"}, {"fxios/", "Firefox"}, {"edg", "Edge"}, {"opr/", "Opera"},
		{"samsungbrowser/", "Samsung Internet"}, {"ucbrowser/", "UC Browser"},
		{"crios/", "Chrome"}, {"chrome/", "Chrome"}, {"chromium/", "Chromium"},
		{"safari/", "Safari"}, {"curl/", "curl"},
	}
	systems = []uaRule{
		{"android", "Android"}, {"iphone", "iOS"}, {"ipad", "iPadOS"}, {"cros", "ChromeOS"},
		{"windows", "Windows"}, {"mac os x", "macOS"}, {"macintosh", "macOS"}, {"linux", "Linux"},
	}
)

func firstMatch(ua string, rules []uaRule, fallback string) string {
	for _, r := range rules {
		if strings.Contains(ua, r.token) {
			return r.label
		}
	}
	return fallback
}

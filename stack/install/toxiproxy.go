package install

// toxiproxyRecipe: the module's cmd/server binary, installed as
// toxiproxy-server (its released name), with the version its release
// builds stamp (a plain build reports "git").
func toxiproxyRecipe() Recipe {
	return Recipe{
		Key:     "toxiproxy",
		Module:  "github.com/Shopify/toxiproxy/v2",
		Version: "v2.5.0",
		Binaries: []Binary{{
			Name:        "toxiproxy",
			File:        "toxiproxy-server",
			Package:     "github.com/Shopify/toxiproxy/v2/cmd/server",
			PathNames:   []string{"toxiproxy-server"},
			VersionArgs: []string{"-version"},
			Versions:    []string{"2.5.0"},
		}},
		LDFlags: "-X github.com/Shopify/toxiproxy/v2.Version=2.5.0",
		Hint:    "cold: 20 s to 2 min",
	}
}

// Replaces github.com/external-secrets/external-secrets/pkg/generator/register/register.go in Slipway's build
// (go build -overlay, see cluster/build-external-secrets.sh): only the Password generator.
package register

import (
	_ "github.com/external-secrets/external-secrets/pkg/generator/password"
)

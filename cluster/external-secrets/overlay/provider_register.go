// Replaces github.com/external-secrets/external-secrets/pkg/provider/register/register.go in Slipway's build
// (go build -overlay, see cluster/build-external-secrets.sh): only the providers Slipway's stores use.
package register

import (
	_ "github.com/external-secrets/external-secrets/pkg/provider/kubernetes"
	_ "github.com/external-secrets/external-secrets/pkg/provider/vault"
)

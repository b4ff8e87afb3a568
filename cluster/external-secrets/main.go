// Slipway's build of the External Secrets Operator: ESO's own controllers (ExternalSecret, SecretStore,
// ClusterSecretStore, GeneratorState), wired like ESO's cmd/controller/root.go, but with only the kubernetes and
// vault providers and the Password generator compiled in (see overlay/: the full operator links every cloud SDK).
// No webhook and no cert controller: Slipway's local cluster runs it as a plain process next to the apiserver.
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/spf13/pflag"
	"go.uber.org/zap/zapcore"
	corev1 "k8s.io/api/core/v1"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	"k8s.io/apimachinery/pkg/runtime"
	utilruntime "k8s.io/apimachinery/pkg/util/runtime"
	clientgoscheme "k8s.io/client-go/kubernetes/scheme"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/controller"
	"sigs.k8s.io/controller-runtime/pkg/healthz"
	"sigs.k8s.io/controller-runtime/pkg/log/zap"
	"sigs.k8s.io/controller-runtime/pkg/metrics/server"

	esv1 "github.com/external-secrets/external-secrets/apis/externalsecrets/v1"
	esv1alpha1 "github.com/external-secrets/external-secrets/apis/externalsecrets/v1alpha1"
	genv1alpha1 "github.com/external-secrets/external-secrets/apis/generators/v1alpha1"
	ctrlcommon "github.com/external-secrets/external-secrets/pkg/controllers/common"
	"github.com/external-secrets/external-secrets/pkg/controllers/externalsecret"
	"github.com/external-secrets/external-secrets/pkg/controllers/externalsecret/esmetrics"
	"github.com/external-secrets/external-secrets/pkg/controllers/generatorstate"
	ctrlmetrics "github.com/external-secrets/external-secrets/pkg/controllers/metrics"
	"github.com/external-secrets/external-secrets/pkg/controllers/secretstore"
	"github.com/external-secrets/external-secrets/pkg/controllers/secretstore/cssmetrics"
	"github.com/external-secrets/external-secrets/pkg/controllers/secretstore/ssmetrics"
	"github.com/external-secrets/external-secrets/pkg/feature"
)

func main() {
	metricsAddr := pflag.String("metrics-addr", "127.0.0.1:0", "address of the metrics endpoint (0 port: any free one; \"0\" disables it)")
	healthAddr := pflag.String("health-addr", "127.0.0.1:0", "address of the /healthz and /readyz endpoints")
	concurrent := pflag.Int("concurrent", 2, "concurrent reconciles per controller")
	logLevel := pflag.String("loglevel", "info", "debug, info, warn or error")
	storeRequeue := pflag.Duration("store-requeue-interval", 5*time.Minute, "how often (Cluster)SecretStores are re-validated")
	for _, f := range feature.Features() {
		pflag.CommandLine.AddFlagSet(f.Flags)
	}
	// --kubeconfig comes from controller-runtime's go flag set.
	pflag.CommandLine.AddGoFlagSet(flag.CommandLine)
	pflag.Parse()

	var level zapcore.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		fmt.Fprintf(os.Stderr, "--loglevel %q is not a level; use debug, info, warn or error\n", *logLevel)
		os.Exit(2)
	}
	ctrl.SetLogger(zap.New(zap.Level(level), zap.UseDevMode(false)))
	setupLog := ctrl.Log.WithName("setup")

	scheme := runtime.NewScheme()
	utilruntime.Must(clientgoscheme.AddToScheme(scheme))
	utilruntime.Must(apiextensionsv1.AddToScheme(scheme))
	utilruntime.Must(esv1.AddToScheme(scheme))
	utilruntime.Must(esv1alpha1.AddToScheme(scheme))
	utilruntime.Must(genv1alpha1.AddToScheme(scheme))

	ctrlmetrics.SetUpLabelNames(false)
	esmetrics.SetUpMetrics()
	ssmetrics.SetUpMetrics()
	cssmetrics.SetUpMetrics()

	config := ctrl.GetConfigOrDie()
	config.QPS, config.Burst = 50, 100
	mgr, err := ctrl.NewManager(config, ctrl.Options{
		Scheme:                 scheme,
		Metrics:                server.Options{BindAddress: *metricsAddr},
		HealthProbeBindAddress: *healthAddr,
		// As ESO's defaults: Secrets and ConfigMaps are read uncached; only the Secrets ExternalSecrets manage are cached.
		Client: client.Options{Cache: &client.CacheOptions{DisableFor: []client.Object{&corev1.Secret{}, &corev1.ConfigMap{}}}},
	})
	exitOn := func(err error, what string) {
		if err != nil {
			setupLog.Error(err, what)
			os.Exit(1)
		}
	}
	exitOn(err, "unable to start manager")
	secretClient, err := ctrlcommon.BuildManagedSecretClient(mgr, "")
	exitOn(err, "unable to create the managed-secret client")
	options := func() controller.Options {
		return controller.Options{MaxConcurrentReconciles: *concurrent, RateLimiter: ctrlcommon.BuildRateLimiter()}
	}

	exitOn((&secretstore.StoreReconciler{
		Client: mgr.GetClient(), Log: ctrl.Log.WithName("controllers").WithName("SecretStore"), Scheme: mgr.GetScheme(),
		ControllerClass: "default", RequeueInterval: *storeRequeue,
	}).SetupWithManager(mgr, options()), "unable to create the SecretStore controller")
	exitOn((&secretstore.ClusterStoreReconciler{
		Client: mgr.GetClient(), Log: ctrl.Log.WithName("controllers").WithName("ClusterSecretStore"), Scheme: mgr.GetScheme(),
		ControllerClass: "default", RequeueInterval: *storeRequeue,
	}).SetupWithManager(mgr, options()), "unable to create the ClusterSecretStore controller")
	exitOn((&generatorstate.Reconciler{
		Client: mgr.GetClient(), Log: ctrl.Log.WithName("controllers").WithName("GeneratorState"), Scheme: mgr.GetScheme(),
		RestConfig: mgr.GetConfig(),
	}).SetupWithManager(mgr, options()), "unable to create the GeneratorState controller")
	exitOn((&externalsecret.Reconciler{
		Client: mgr.GetClient(), SecretClient: secretClient, Log: ctrl.Log.WithName("controllers").WithName("ExternalSecret"),
		Scheme: mgr.GetScheme(), RestConfig: mgr.GetConfig(), ControllerClass: "default", RequeueInterval: time.Hour,
		ClusterSecretStoreEnabled: true, EnableFloodGate: true,
	}).SetupWithManager(mgr, options()), "unable to create the ExternalSecret controller")
	exitOn(mgr.AddHealthzCheck("ping", healthz.Ping), "unable to add the health check")
	exitOn(mgr.AddReadyzCheck("ping", healthz.Ping), "unable to add the ready check")

	for _, f := range feature.Features() {
		if f.Initialize != nil {
			f.Initialize()
		}
	}
	setupLog.Info("starting manager")
	exitOn(mgr.Start(ctrl.SetupSignalHandler()), "problem running manager")
}

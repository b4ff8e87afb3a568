export interface Config {
  slipway?: {
    kubernetes?: {
      /**
       * kubeconfig of the portal's own service identity (which may impersonate users and
       * groups). Absent: the in-cluster service account, else $KUBECONFIG, else ~/.kube/config.
       */
      kubeconfigPath?: string;
    };
  };
}

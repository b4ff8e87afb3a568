import { SignInPage } from '@backstage/core-components';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';
import { oidcAuthApiRef } from './oidcAuthApi';

/** Only OpenID Connect: there is no guest sign-in. */
export const signInPage = SignInPageBlueprint.make({
  params: {
    loader: async () => props => (
      <SignInPage
        {...props}
        provider={{
          id: 'oidc',
          title: 'Slipway SSO',
          message: 'Sign in with your company account',
          apiRef: oidcAuthApiRef,
        }}
      />
    ),
  },
});

import { render, screen } from '@testing-library/react';
import App from './App';

describe('App', () => {
  it('asks the visitor to sign in with Slipway SSO, and offers no guest access', async () => {
    process.env = {
      NODE_ENV: 'test',
      APP_CONFIG: [
        {
          data: {
            app: { title: 'Slipway', baseUrl: 'http://localhost:3000' },
            backend: { baseUrl: 'http://localhost:7007' },
          },
          context: 'test',
        },
      ] as any,
    };

    render(App.createRoot());

    expect(await screen.findByText('Slipway SSO', {}, { timeout: 10000 })).toBeInTheDocument();
    expect(screen.getByText('Sign in with your company account')).toBeInTheDocument();
    expect(screen.queryByText(/guest/i)).not.toBeInTheDocument();
  });
});

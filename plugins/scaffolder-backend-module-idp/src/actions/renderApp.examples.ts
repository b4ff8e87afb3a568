import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Render a web app for the staging environment of team-a',
    example: yaml.stringify({
      steps: [
        {
          id: 'render',
          action: 'slipway:app:render',
          name: 'Render',
          input: {
            environment: 'staging',
            spec: { name: 'user-service', team: 'team-a', type: 'web', image: 'registry.example.com/team-a/user-service:1.4.2', port: 8080 },
          },
        },
      ],
    }),
  },
];

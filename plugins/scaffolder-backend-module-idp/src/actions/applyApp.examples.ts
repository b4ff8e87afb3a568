import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description: 'Deploy a web app to the staging environment of team-a and wait until it is ready',
    example: yaml.stringify({
      steps: [
        {
          id: 'deploy',
          action: 'slipway:app:apply',
          name: 'Deploy',
          input: {
            environment: 'staging',
            spec: { name: 'user-service', team: 'team-a', type: 'web', image: 'registry.example.com/team-a/user-service:1.4.2', port: 8080 },
          },
        },
      ],
    }),
  },
];

import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { environmentNamespace } from '@internal/plugin-idp-environments-common';
import { SecretReferencePicker } from '@internal/plugin-idp-secrets-react';
import Box from '@material-ui/core/Box';
import TextField from '@material-ui/core/TextField';

export interface SecretReferenceFieldOptions {
  /** The form fields that hold the team and the environment (default `team`, `environment`). */
  teamField?: string;
  environmentField?: string;
}

/** The environment's namespace from the form's team and environment, or why there is none. */
function namespaceOf(team: unknown, environment: unknown): { namespace?: string; problem: string } {
  if (typeof team !== 'string' || !team || typeof environment !== 'string' || !environment) return { problem: 'Choose the team and environment first' };
  try {
    return { namespace: environmentNamespace(team, environment), problem: '' };
  } catch (error) {
    return { problem: (error as Error).message };
  }
}

/**
 * `ui:field: SlipwaySecretReference`: a `secret/<name>/<key>` of the environment the form deploys
 * to, picked from its secrets or typed; a new secret's value goes to the secrets API, never into
 * the form. The value is the reference.
 */
export function SecretReferenceField(props: FieldExtensionComponentProps<string, SecretReferenceFieldOptions>) {
  const { formData, onChange, rawErrors, required, schema, uiSchema, formContext, idSchema } = props;
  const options = uiSchema?.['ui:options'] ?? {};
  const form = (formContext as { formData?: Record<string, unknown> } | undefined)?.formData ?? {};
  const { namespace, problem } = namespaceOf(form[options.teamField ?? 'team'], form[options.environmentField ?? 'environment']);
  const label = schema.title ?? 'Secret reference';
  const change = (value: string) => onChange(value === '' ? (undefined as unknown as string) : value);

  if (!namespace) {
    // Still typeable: the reference may name a secret of an environment chosen later.
    return (
      <TextField
        id={idSchema?.$id}
        label={label}
        required={required}
        value={formData ?? ''}
        onChange={e => change(e.target.value)}
        error={Boolean(rawErrors?.length)}
        helperText={rawErrors?.[0] ?? problem}
        placeholder="secret/db-credentials/url"
        fullWidth
        margin="normal"
      />
    );
  }
  return (
    <Box mt={2} mb={1}>
      <SecretReferencePicker
        id={idSchema?.$id}
        namespace={namespace}
        value={formData}
        onChange={change}
        label={label}
        helperText={schema.description}
        error={rawErrors?.[0]}
        required={required}
      />
    </Box>
  );
}

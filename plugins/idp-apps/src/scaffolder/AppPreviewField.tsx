import { AppPreview, AppType, appSpecFromForm } from '@internal/plugin-idp-apps-common';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import InfoOutlined from '@material-ui/icons/InfoOutlined';
import LinearProgress from '@material-ui/core/LinearProgress';
import Switch from '@material-ui/core/Switch';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useEffect, useMemo, useState } from 'react';
import { AppCostLine } from './AppCostLine';
import { GuardRailVerdict } from './GuardRailVerdict';
import { useAppPreview } from './useAppPreview';

/** `ui:options` of `ui:field: SlipwayAppPreview`. */
export interface AppPreviewOptions {
  /** The template's app type: web, worker or cron. */
  type: AppType;
  /** Expert mode: the value is the developer's edit of the rendered YAML, which is what gets deployed. */
  editable?: boolean;
}

/** What a read-only preview stores as its value: a verdict the review page can show. */
export function previewSummary(preview: AppPreview | undefined): string | undefined {
  if (!preview) return undefined;
  if (preview.errors.length || !preview.guardRails) return `Incomplete: ${preview.errors.length} problem${preview.errors.length === 1 ? '' : 's'}`;
  const { violations } = preview.guardRails;
  return violations.length ? `${violations.length} guard-rail violation${violations.length === 1 ? '' : 's'}` : 'All guard rails pass';
}

const objectsOf = (yaml: string) =>
  [...yaml.matchAll(/^kind: (\S+)\nmetadata:\n {2}name: (\S+)/gm)].map(([, kind, name]) => `${kind}/${name}`);

function PreviewBody({ preview, showYaml }: { preview: AppPreview; showYaml: boolean }) {
  return (
    <>
      {preview.errors.length > 0 && (
        <Box mb={1} role="alert">
          <Typography variant="subtitle2" color="error">
            Fix {preview.errors.length === 1 ? 'this' : 'these'} to see what will be deployed:
          </Typography>
          {preview.errors.map(e => (
            <Typography key={`${e.field}|${e.message}`} variant="body2" color="error">
              {e.field}: {e.message}
            </Typography>
          ))}
        </Box>
      )}
      {/* Notes do not block Create: production, for one, becomes a deploy request a tech lead approves. */}
      {preview.notes?.map(note => (
        <Box key={note} mb={1} display="flex" alignItems="center" role="note">
          <InfoOutlined color="primary" fontSize="small" style={{ marginRight: 8 }} />
          <Typography variant="body2">{note}</Typography>
        </Box>
      ))}
      {preview.guardRails && <GuardRailVerdict result={preview.guardRails} />}
      {preview.manifests && (
        <>
          <Typography variant="body2">
            Into {preview.environment?.namespace} ({preview.environment?.type}): {objectsOf(preview.manifests).join(', ')}
          </Typography>
          <AppCostLine manifests={preview.manifests} />
          {showYaml && (
            <Box component="pre" aria-label="Rendered manifests" maxHeight={360} overflow="auto" p={1} fontSize={12} bgcolor="action.hover">
              {preview.manifests}
            </Box>
          )}
        </>
      )}
    </>
  );
}

/**
 * `ui:field: SlipwayAppPreview`: the manifests the form's answers become and the guard rails'
 * verdict, refreshed while the developer types, so a violation is fixed before submitting.
 * With `editable`, expert mode: the developer edits the rendered YAML and the guard rails judge the edit.
 */
export function AppPreviewField(props: FieldExtensionComponentProps<string, AppPreviewOptions>) {
  const { formData, onChange, uiSchema, formContext, schema } = props;
  const options = uiSchema?.['ui:options'];
  const type = options?.type ?? 'web';
  const editable = Boolean(options?.editable);
  const form = ((formContext as { formData?: Record<string, unknown> } | undefined)?.formData ?? {}) as Record<string, unknown>;
  const specKey = JSON.stringify(appSpecFromForm(form, type));
  const environment = typeof form.environment === 'string' ? form.environment : '';
  const rendered = useAppPreview(useMemo(() => ({ spec: JSON.parse(specKey), environment }), [specKey, environment]));

  const editing = editable && typeof formData === 'string' && formData.trim() !== '';
  const edited = useAppPreview(useMemo(() => (editing ? { spec: JSON.parse(specKey), environment, expertYaml: formData } : undefined), [editing, specKey, environment, formData]));
  const [startedFrom, setStartedFrom] = useState<string | undefined>();
  const [showYaml, setShowYaml] = useState(true);

  // A read-only preview keeps its verdict as the value, for the review page and the step's validation.
  const summary = previewSummary(rendered.preview);
  useEffect(() => {
    if (!editable && summary && summary !== formData) onChange(summary);
  }, [editable, summary, formData, onChange]);

  const current = editing ? edited : rendered;
  const formChangedSinceEdit = editing && startedFrom !== undefined && rendered.preview?.manifests !== undefined && rendered.preview.manifests !== startedFrom;
  return (
    <Box my={2}>
      <Typography variant="h6">{schema.title ?? 'Preview: what Slipway will deploy'}</Typography>
      {schema.description && (
        <Typography variant="body2" color="textSecondary">
          {schema.description}
        </Typography>
      )}
      {current.loading && <LinearProgress aria-label="Updating the preview" />}
      {current.error && (
        <Typography role="alert" color="error">
          Could not preview the app: {current.error.message}. Your answers are kept; the preview retries when you change them.
        </Typography>
      )}
      {editable && (
        <FormControlLabel
          control={
            <Switch
              checked={editing}
              disabled={!editing && !rendered.preview?.manifests}
              onChange={(_e, on) => {
                setStartedFrom(on ? rendered.preview?.manifests : undefined);
                onChange(on ? rendered.preview?.manifests ?? '' : '');
              }}
            />
          }
          label="Expert mode: edit the YAML yourself (the guard rails judge what you write)"
        />
      )}
      {formChangedSinceEdit && (
        <Box role="status" my={1}>
          <Typography variant="body2" color="error">
            The form changed after you started editing; your edited YAML is what will be deployed.
          </Typography>
          <Button
            size="small"
            variant="outlined"
            onClick={() => {
              setStartedFrom(rendered.preview?.manifests);
              onChange(rendered.preview?.manifests ?? '');
            }}
          >
            Start again from the form
          </Button>
        </Box>
      )}
      {editing && (
        <TextField
          id={`${props.idSchema?.$id ?? 'app-preview'}-yaml`}
          label="Manifests (YAML)"
          multiline
          fullWidth
          variant="outlined"
          minRows={12}
          maxRows={30}
          value={formData}
          onChange={e => onChange(e.target.value)}
          inputProps={{ spellCheck: false, style: { fontFamily: 'monospace', fontSize: 12 } }}
        />
      )}
      {!editing && rendered.preview && !editable && (
        <Button size="small" onClick={() => setShowYaml(!showYaml)}>
          {showYaml ? 'Hide YAML' : 'Show YAML'}
        </Button>
      )}
      {current.preview && <PreviewBody preview={current.preview} showYaml={!editing && (showYaml || editable)} />}
      {!current.preview && !current.loading && !current.error && <Typography variant="body2">Fill the form to see the preview.</Typography>}
    </Box>
  );
}

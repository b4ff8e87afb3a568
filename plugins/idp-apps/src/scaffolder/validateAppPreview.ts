import { AppType, appSpecFromForm } from '@internal/plugin-idp-apps-common';
import { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import { appsApiRef } from '../api/AppsApi';
import { AppPreviewOptions } from './AppPreviewField';

/**
 * Blocks Next and Create while the app cannot be rendered or breaks a guard rail: the same
 * judgement as the preview, asked fresh with the whole form, so nothing stale slips through.
 */
export const validateAppPreview: CustomFieldValidator<string, AppPreviewOptions> = async (value, validation, context) => {
  const appsApi = context.apiHolder.get(appsApiRef);
  if (!appsApi) return;
  const options = context.uiSchema?.['ui:options'];
  const type: AppType = options?.type ?? 'web';
  const form = context.formData as Record<string, unknown>;
  const preview = await appsApi.preview({
    spec: appSpecFromForm(form, type),
    environment: typeof form.environment === 'string' ? form.environment : '',
    expertYaml: options?.editable && value?.trim() ? value : undefined,
  });
  for (const error of preview.errors) validation.addError(`${error.field}: ${error.message}`);
  for (const v of preview.guardRails?.violations ?? []) validation.addError(`[${v.ruleId}] ${v.object} ${v.field}: ${v.message} Fix: ${v.fix}`);
};

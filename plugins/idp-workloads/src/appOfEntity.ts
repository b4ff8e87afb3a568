// Shared with the approvals plugin's Production tab; tested in idp-apps-common.
export { appOfEntity, isSlipwayApp } from '@internal/plugin-idp-apps-common';

import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import ErrorIcon from '@material-ui/icons/Error';
import type { DeployRequestView } from '@internal/plugin-idp-approvals-common';

/** The guard rails' verdict on the manifests: passed, or each violated rule with the field it concerns. */
export function GuardRailVerdict({ guardRails }: { guardRails: DeployRequestView['guardRails'] }) {
  if (guardRails.passed) {
    return (
      <Box display="flex" alignItems="center" gridGap={8}>
        <CheckCircleIcon style={{ color: '#2e7d32' }} fontSize="small" />
        <Typography variant="body2">All guard rails pass.</Typography>
      </Box>
    );
  }
  return (
    <>
      <Box display="flex" alignItems="center" gridGap={8} mb={1}>
        <ErrorIcon color="error" fontSize="small" />
        <Typography variant="body2">
          {guardRails.violations.length === 1 ? '1 guard rail is violated' : `${guardRails.violations.length} guard rails are violated`}: the
          deploy would be refused.
        </Typography>
      </Box>
      <ul>
        {guardRails.violations.map((violation, i) => (
          <li key={i}>
            <Typography variant="body2">
              <code>{violation.ruleId}</code>
              {violation.field ? ` (${violation.field})` : ''}: {violation.message}
            </Typography>
          </li>
        ))}
      </ul>
    </>
  );
}

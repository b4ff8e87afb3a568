import { GuardRailResult } from '@internal/plugin-idp-apps-common';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemIcon from '@material-ui/core/ListItemIcon';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import ErrorIcon from '@material-ui/icons/Error';

/** Each guard rail passed or failed; a failure lists what broke it and the fix. */
export function GuardRailVerdict({ result }: { result: GuardRailResult }) {
  return (
    <>
      <Typography variant="subtitle2" color={result.passed ? 'textPrimary' : 'error'}>
        {result.passed ? 'All guard rails pass' : `${result.violations.length} guard-rail violation${result.violations.length === 1 ? '' : 's'}: fix before deploying`}
      </Typography>
      <List dense aria-label="Guard rails">
        {result.rules.map(rule => {
          const violations = result.violations.filter(v => v.ruleId === rule.id);
          return (
            <ListItem key={rule.id} alignItems="flex-start">
              <ListItemIcon>{rule.passed ? <CheckCircleIcon style={{ color: '#2e7d32' }} /> : <ErrorIcon color="error" />}</ListItemIcon>
              <ListItemText
                primary={`${rule.title} (${rule.id})`}
                secondary={violations.map(v => (
                  <span key={`${v.object}|${v.field}`} style={{ display: 'block' }}>
                    {v.object} {v.field}: {v.message} <strong>Fix:</strong> {v.fix}
                  </span>
                ))}
              />
            </ListItem>
          );
        })}
      </List>
    </>
  );
}

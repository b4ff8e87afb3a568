import Accordion from '@material-ui/core/Accordion';
import AccordionDetails from '@material-ui/core/AccordionDetails';
import AccordionSummary from '@material-ui/core/AccordionSummary';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import type { DiffLine, ObjectDiff } from '@internal/plugin-idp-approvals-common';

const useStyles = makeStyles(theme => ({
  summary: { display: 'flex', alignItems: 'center', gap: theme.spacing(1) },
  pre: { margin: 0, width: '100%', overflowX: 'auto', fontFamily: 'monospace', fontSize: '0.8rem' },
  line: { whiteSpace: 'pre', paddingLeft: theme.spacing(1) },
  added: { backgroundColor: theme.palette.type === 'dark' ? '#1b4721' : '#e6ffec' },
  removed: { backgroundColor: theme.palette.type === 'dark' ? '#5c1a1a' : '#ffebe9' },
}));

function DiffLines({ lines }: { lines: DiffLine[] }) {
  const classes = useStyles();
  const opClass: Record<DiffLine['op'], string> = { '+': classes.added, '-': classes.removed, ' ': '' };
  return (
    <pre className={classes.pre}>
      {lines.map((line, i) => (
        <div key={i} className={`${classes.line} ${opClass[line.op]}`} data-op={line.op}>
          {`${line.op} ${line.text}`}
        </div>
      ))}
    </pre>
  );
}

/** What the deploy changes, one collapsible section per object; unchanged objects start collapsed. */
export function ObjectDiffList({ diff }: { diff: ObjectDiff[] }) {
  const classes = useStyles();
  if (!diff.length) return <Typography variant="body2">The deploy changes no object.</Typography>;
  return (
    <>
      {diff.map(object => (
        <Accordion key={`${object.kind}/${object.name}`} defaultExpanded={object.change !== 'unchanged'} TransitionProps={{ unmountOnExit: true }}>
          <AccordionSummary expandIcon={<ExpandMoreIcon />} aria-label={`${object.kind}/${object.name} ${object.change}`}>
            <div className={classes.summary}>
              <Typography variant="subtitle2">
                {object.kind}/{object.name}
              </Typography>
              <Chip size="small" variant="outlined" label={object.change} />
            </div>
          </AccordionSummary>
          <AccordionDetails>
            <DiffLines lines={object.lines} />
          </AccordionDetails>
        </Accordion>
      ))}
    </>
  );
}

import { EmptyState, WarningPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import LinearProgress from '@material-ui/core/LinearProgress';
import MenuItem from '@material-ui/core/MenuItem';
import Switch from '@material-ui/core/Switch';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { DEFAULT_LOG_TAIL_LINES, LogLine, MAX_LOG_TAIL_LINES, PodView } from '@internal/plugin-idp-workloads-common';
import { useEffect, useRef, useState } from 'react';
import { workloadsApiRef } from '../../api/WorkloadsApi';
import { errorMessage } from '../../lib/errors';
import { clockTime } from '../../lib/format';

export interface PodLogsProps {
  namespace: string;
  pods: PodView[];
  /** The pod shown; the first one when absent. */
  pod?: string;
  onPodChange?: (pod: string) => void;
}

const useStyles = makeStyles(theme => ({
  log: {
    fontFamily: 'monospace',
    fontSize: 12,
    lineHeight: 1.5,
    margin: 0,
    padding: theme.spacing(1),
    height: 480,
    overflow: 'auto',
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-all',
    backgroundColor: theme.palette.type === 'dark' ? theme.palette.background.default : theme.palette.grey[100],
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
  },
  time: { color: theme.palette.text.secondary, marginRight: theme.spacing(1), userSelect: 'none' },
}));

const parseTail = (text: string) => {
  const n = /^\d+$/.test(text.trim()) ? Number(text) : NaN;
  return n >= 1 && n <= MAX_LOG_TAIL_LINES ? n : undefined;
};

// Following for a long time would otherwise grow without end.
const keepLast = (lines: LogLine[]) => (lines.length > MAX_LOG_TAIL_LINES ? lines.slice(-MAX_LOG_TAIL_LINES) : lines);

/** A container's log: the last lines, or followed live; pod, container, tail, previous run and search. */
export function PodLogs({ namespace, pods, pod: selected, onPodChange }: PodLogsProps) {
  const classes = useStyles();
  const workloadsApi = useApi(workloadsApiRef);
  const podName = selected ?? pods[0]?.name;
  const pod = pods.find(p => p.name === podName);
  const [chosenContainer, setChosenContainer] = useState<string>();
  const container = chosenContainer ?? pod?.containers[0]?.name;
  const [tailText, setTailText] = useState(String(DEFAULT_LOG_TAIL_LINES));
  const tailLines = parseTail(tailText);
  const [previous, setPrevious] = useState(false);
  const [searchText, setSearchText] = useState('');
  const [search, setSearch] = useState('');
  const [follow, setFollow] = useState(false);
  const [reloads, setReloads] = useState(0);
  const [lines, setLines] = useState<LogLine[]>([]);
  const [loading, setLoading] = useState(false);
  const [failure, setFailure] = useState<string>();
  const [ended, setEnded] = useState(false);
  const logRef = useRef<HTMLPreElement>(null);

  // The search applies once typing pauses.
  useEffect(() => {
    const timer = setTimeout(() => setSearch(searchText.trim()), 400);
    return () => clearTimeout(timer);
  }, [searchText]);

  useEffect(() => {
    if (!podName || tailLines === undefined) return undefined;
    const request = { pod: podName, container, tailLines, previous, search: search || undefined };
    const controller = new AbortController();
    setFailure(undefined);
    setEnded(false);
    setLoading(true);
    if (follow) {
      setLines([]);
      // A follow the backend ended for its time limit goes on from its last line's time, without repeating lines.
      let last: LogLine | undefined;
      const followFrom = (since?: string): Promise<void> =>
        workloadsApi
          .followLogs(namespace, since ? { ...request, sinceTime: since } : request, {
            signal: controller.signal,
            onLine: line => {
              setLoading(false);
              if (since && last && line.time === last.time && line.text === last.text) return;
              last = line;
              setLines(current => keepLast([...current, line]));
            },
          })
          .then(end => (end?.end === 'max-duration' && !controller.signal.aborted ? followFrom(last?.time ?? new Date().toISOString()) : undefined));
      followFrom()
        .then(
          () => {
            if (controller.signal.aborted) return;
            setEnded(true);
            setFollow(false);
          },
          error => {
            if (controller.signal.aborted) return;
            setFailure(errorMessage(error));
            setFollow(false);
          },
        )
        .finally(() => {
          if (!controller.signal.aborted) setLoading(false);
        });
    } else {
      workloadsApi.getLogs(namespace, request).then(
        log => {
          if (controller.signal.aborted) return;
          setLines(log.lines);
          setLoading(false);
        },
        error => {
          if (controller.signal.aborted) return;
          setLines([]);
          setFailure(errorMessage(error));
          setLoading(false);
        },
      );
    }
    return () => controller.abort();
  }, [workloadsApi, namespace, podName, container, tailLines, previous, search, follow, reloads]);

  // Following keeps the newest line in view.
  useEffect(() => {
    const element = logRef.current;
    if (follow && element) element.scrollTop = element.scrollHeight;
  }, [lines, follow]);

  if (pods.length === 0) {
    return <EmptyState missing="data" title="No pods to read logs from" description="Logs appear here once a workload runs pods." />;
  }

  return (
    <Box display="flex" flexDirection="column" gridGap={16}>
      <Box display="flex" flexWrap="wrap" alignItems="center" gridGap={16}>
        <TextField
          select
          id="logs-pod"
          label="Pod"
          variant="outlined"
          size="small"
          value={podName ?? ''}
          onChange={e => {
            setChosenContainer(undefined);
            onPodChange?.(e.target.value);
          }}
          style={{ minWidth: 280 }}
        >
          {pods.map(p => (
            <MenuItem key={p.name} value={p.name}>
              {p.name}
            </MenuItem>
          ))}
          {podName && !pod && <MenuItem value={podName}>{podName} (gone)</MenuItem>}
        </TextField>
        <TextField
          select
          id="logs-container"
          label="Container"
          variant="outlined"
          size="small"
          value={container ?? ''}
          onChange={e => setChosenContainer(e.target.value)}
          disabled={!pod || pod.containers.length < 2}
          style={{ minWidth: 160 }}
        >
          {(pod?.containers ?? []).map(c => (
            <MenuItem key={c.name} value={c.name}>
              {c.name}
            </MenuItem>
          ))}
          {container && !pod?.containers.some(c => c.name === container) && <MenuItem value={container}>{container}</MenuItem>}
        </TextField>
        <TextField
          id="logs-tail"
          label="Tail lines"
          type="number"
          variant="outlined"
          size="small"
          value={tailText}
          onChange={e => setTailText(e.target.value)}
          error={tailLines === undefined}
          helperText={tailLines === undefined ? `1 to ${MAX_LOG_TAIL_LINES}` : undefined}
          inputProps={{ min: 1, max: MAX_LOG_TAIL_LINES }}
          style={{ width: 120 }}
        />
        <TextField
          id="logs-search"
          label="Search"
          variant="outlined"
          size="small"
          value={searchText}
          onChange={e => setSearchText(e.target.value)}
          style={{ minWidth: 200 }}
        />
        <FormControlLabel
          control={
            <Checkbox
              checked={previous}
              onChange={e => {
                setPrevious(e.target.checked);
                if (e.target.checked) setFollow(false);
              }}
            />
          }
          label="Previous run"
        />
        <FormControlLabel
          control={<Switch checked={follow} onChange={e => setFollow(e.target.checked)} disabled={previous} color="primary" />}
          label="Follow"
        />
        {!follow && (
          <Button variant="outlined" size="small" onClick={() => setReloads(n => n + 1)}>
            Reload
          </Button>
        )}
      </Box>
      {failure && <WarningPanel severity="error" title={`Could not read the logs of ${podName}`} message={failure} defaultExpanded />}
      <Box>
        {loading ? <LinearProgress /> : <Box height={4} />}
        <pre ref={logRef} className={classes.log} role="log" aria-label={`Log of ${podName}`} aria-live="off">
          {lines.map((line, i) => (
            <div key={i}>
              {line.time && <span className={classes.time}>{clockTime(line.time)}</span>}
              {line.text}
            </div>
          ))}
        </pre>
        <Typography variant="caption" color="textSecondary" aria-label="Line count">
          {lines.length === 1 ? '1 line' : `${lines.length} lines`}
          {follow && ' · following'}
          {ended && ' · the stream ended: the container stopped'}
          {!loading && !failure && lines.length === 0 && (search ? ` matching "${search}"` : ' yet')}
        </Typography>
      </Box>
    </Box>
  );
}

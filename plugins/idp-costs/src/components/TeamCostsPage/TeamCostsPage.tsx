import { Content, ContentHeader, InfoCard, Link, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import ButtonGroup from '@material-ui/core/ButtonGroup';
import Grid from '@material-ui/core/Grid';
import type { ShowbackGrouping } from '@internal/plugin-idp-costs-common';
import { useMemo, useState } from 'react';
import { useParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { costsApiRef } from '../../api/CostsApi';
import { daysBefore, monthOf } from '../../lib/format';
import { CostChart, CostChartKind } from '../CostChart';
import { CostsError, NoCostData } from '../CostsStates';
import { CostTotals, IdleEnvironmentsTable, MonthForecast, RightSizingTable, TopAppsTable } from './TeamCostTables';

const WINDOWS = [7, 30, 90];

/** A row of buttons where the pressed one is the choice. */
export function ChoiceButtons<T extends string | number>(props: { label: string; value: T; choices: Array<{ value: T; label: string }>; onChange: (value: T) => void }) {
  return (
    <ButtonGroup size="small" aria-label={props.label}>
      {props.choices.map(choice => (
        <Button
          key={choice.value}
          aria-pressed={choice.value === props.value}
          variant={choice.value === props.value ? 'contained' : 'outlined'}
          color={choice.value === props.value ? 'primary' : 'default'}
          onClick={() => props.onChange(choice.value)}
        >
          {choice.label}
        </Button>
      ))}
    </ButtonGroup>
  );
}

/** `/costs/teams/:team`: a team's showback — daily cost, totals, top apps, efficiency, idle environments, right-sizing, forecast and budget. */
export function TeamCostsPage() {
  const { team = '' } = useParams();
  const costsApi = useApi(costsApiRef);
  const [by, setBy] = useState<ShowbackGrouping>('environment');
  const [kind, setKind] = useState<CostChartKind>('bar');
  const [days, setDays] = useState(30);
  const range = useMemo(() => ({ from: daysBefore(new Date(), days), to: daysBefore(new Date(), 0) }), [days]);
  const { value, loading, error } = useAsync(() => costsApi.getTeamShowback(team, { ...range, by }), [costsApi, team, range, by]);

  const header = (
    <ContentHeader title={`Costs of ${team}`} description="What the team's workloads cost: max(requested, used) × price, per day">
      <Link to={`chargeback/${monthOf(new Date())}`}>Monthly chargeback report</Link>
    </ContentHeader>
  );
  let body: JSX.Element;
  if (loading && !value) body = <Progress />;
  else if (error) body = <CostsError error={error} title={`Could not load the costs of ${team}`} team={team} />;
  else if (!value || value.daily.length === 0) body = <NoCostData what={team} />;
  else {
    body = (
      <Grid container spacing={3}>
        <Grid item xs={12}>
          <InfoCard title={`Daily cost by ${by}`} subheader={`${value.from} to ${value.to}, in ${value.currency}`}>
            <CostChart title={`Daily cost of ${team} by ${by}`} daily={value.daily} currency={value.currency} kind={kind} />
          </InfoCard>
        </Grid>
        <Grid item xs={12} md={6}>
          <CostTotals view={value} />
        </Grid>
        <Grid item xs={12} md={6}>
          <MonthForecast view={value} />
        </Grid>
        <Grid item xs={12}>
          <TopAppsTable view={value} />
        </Grid>
        <Grid item xs={12}>
          <RightSizingTable view={value} />
        </Grid>
        <Grid item xs={12}>
          <IdleEnvironmentsTable view={value} />
        </Grid>
      </Grid>
    );
  }

  return (
    <Content>
      {header}
      <Box display="flex" flexWrap="wrap" gridGap={16} mb={2}>
        <ChoiceButtons label="Stack the cost by" value={by} onChange={setBy} choices={[{ value: 'environment', label: 'By environment' }, { value: 'app', label: 'By app' }]} />
        <ChoiceButtons label="Chart" value={kind} onChange={setKind} choices={[{ value: 'bar', label: 'Bars' }, { value: 'area', label: 'Areas' }]} />
        <ChoiceButtons label="Window" value={days} onChange={setDays} choices={WINDOWS.map(d => ({ value: d, label: `${d} days` }))} />
      </Box>
      {body}
    </Content>
  );
}

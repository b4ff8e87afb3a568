import { Content, ContentHeader, EmptyState, InfoCard, Link, Progress, ResponseErrorPanel } from '@backstage/core-components';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import { Navigate } from 'react-router-dom';
import { useCaller } from '../../hooks/useCaller';
import { PlatformCosts } from '../PlatformCosts';

/** `/costs`: platform admins see every team; anyone else their team's page, or picks one of their teams. */
export function CostsHome() {
  const caller = useCaller();
  if (caller.loading) return <Progress />;
  if (caller.error || !caller.value) return <ResponseErrorPanel error={caller.error ?? new Error('No signed-in user')} title="Could not tell who you are" />;
  const { teams, isPlatformAdmin } = caller.value;

  const prices = <Link to="prices">Price sheet{isPlatformAdmin ? ' and billing imports' : ''}</Link>;
  if (isPlatformAdmin) {
    return (
      <Content>
        <ContentHeader title="Costs of every team" description="Showback for the whole platform">
          {prices}
        </ContentHeader>
        <PlatformCosts />
      </Content>
    );
  }
  if (teams.length === 1) return <Navigate to={`teams/${encodeURIComponent(teams[0])}`} replace />;
  return (
    <Content>
      <ContentHeader title="Costs" description="What your teams' workloads cost">
        {prices}
      </ContentHeader>
      {teams.length === 0 ? (
        <EmptyState missing="info" title="You are in no team" description="Costs are shown per team. Ask a platform admin to add you to your team's group in the catalog." />
      ) : (
        <InfoCard title="Pick a team">
          <List>
            {teams.map(team => (
              <ListItem key={team}>
                <ListItemText primary={<Link to={`teams/${encodeURIComponent(team)}`}>{team}</Link>} />
              </ListItem>
            ))}
          </List>
        </InfoCard>
      )}
    </Content>
  );
}

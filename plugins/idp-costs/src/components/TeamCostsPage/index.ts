export { ChoiceButtons, TeamCostsPage } from './TeamCostsPage';

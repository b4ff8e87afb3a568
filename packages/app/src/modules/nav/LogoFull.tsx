import { makeStyles } from '@material-ui/core';

const useStyles = makeStyles({
  svg: { width: 'auto', height: 30 },
  mark: { fill: '#7df3e1' },
  text: { fill: '#ffffff', font: '600 26px system-ui, sans-serif' },
});

/** Slipway's wordmark: a slipway ramp into the water, and the name. */
export const LogoFull = () => {
  const classes = useStyles();
  return (
    <svg className={classes.svg} xmlns="http://www.w3.org/2000/svg" viewBox="0 0 150 36" role="img" aria-label="Slipway">
      <path className={classes.mark} d="M2 30 L26 6 L32 6 L8 30 Z M12 30 L36 6 L36 12 L18 30 Z M0 32 H36 V35 H0 Z" />
      <text className={classes.text} x="44" y="28">Slipway</text>
    </svg>
  );
};

import { makeStyles } from '@material-ui/core';

const useStyles = makeStyles({
  svg: { width: 'auto', height: 28 },
  mark: { fill: '#7df3e1' },
});

/** Slipway's mark alone, for the collapsed sidebar. */
export const LogoIcon = () => {
  const classes = useStyles();
  return (
    <svg className={classes.svg} xmlns="http://www.w3.org/2000/svg" viewBox="0 0 36 36" role="img" aria-label="Slipway">
      <path className={classes.mark} d="M2 30 L26 6 L32 6 L8 30 Z M12 30 L36 6 L36 12 L18 30 Z M0 32 H36 V35 H0 Z" />
    </svg>
  );
};

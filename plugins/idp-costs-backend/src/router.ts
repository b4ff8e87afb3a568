import { BackstageCredentials, HttpAuthService, PermissionsService, UserInfoService } from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { ChargebackMonthsView } from '@internal/plugin-idp-costs-common';
import { callerFromIdentity, canActOnTeam, environmentReadPermission, fieldErrors, Caller } from '@internal/plugin-idp-environments-common';
import { pathParamErrors } from '@internal/plugin-idp-environments-node';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod/v3';
import { allocationQuerySchema, appCostQuerySchema, chargebackQuerySchema, monthSchema, nameSchema, teamShowbackQuerySchema, dayWindowSchema } from './queryParams';
import { AllocationService } from './services/AllocationService';
import { ChargebackService, chargebackCsv } from './services/ChargebackService';
import { PriceBook } from './services/PriceBook';
import { ShowbackService } from './services/ShowbackService';

/** Parses with a schema; every problem is named by field. */
function parse<T extends z.ZodTypeAny>(schema: T, input: unknown): z.output<T> {
  const parsed = schema.safeParse(input ?? {});
  if (!parsed.success) throw new InputError(fieldErrors(parsed.error).map(e => `${e.field}: ${e.message}`).join('; '));
  return parsed.data;
}

/**
 * `/api/idp-costs`. Members and leads of a team see its costs, platform admins everyone's; another
 * team's costs are a 404 (they look absent). Everything is read from the rollups.
 */
export async function createRouter(options: {
  httpAuth: HttpAuthService;
  userInfo: UserInfoService;
  permissions: PermissionsService;
  priceBook: PriceBook;
  showback: ShowbackService;
  chargeback: ChargebackService;
  allocation: AllocationService;
  now?: () => Date;
}): Promise<express.Router> {
  const { httpAuth, userInfo, permissions, priceBook, showback, chargeback, allocation } = options;
  const now = options.now ?? (() => new Date());
  const router = Router();

  async function callerOf(req: Request): Promise<{ caller: Caller; credentials: BackstageCredentials }> {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const info = await userInfo.getUserInfo(credentials);
    return { caller: callerFromIdentity(info.userEntityRef, info.ownershipEntityRefs), credentials };
  }

  /** The team of the path, when the caller may see it; otherwise it looks absent. */
  async function team(req: Request): Promise<string> {
    const { caller } = await callerOf(req);
    const { team: name } = req.params;
    if (!nameSchema.safeParse(name).success || !canActOnTeam(caller, name)) {
      throw new NotFoundError(`No costs of team ${name.slice(0, 63)} for you: teams see their own costs, platform admins everyone's`);
    }
    return name;
  }

  router.get('/price-sheet', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user'] });
    res.json(priceBook.view());
  });

  router.get('/teams/:team/showback', async (req, res) => {
    const name = await team(req);
    const at = now();
    const { from, to, by } = parse(teamShowbackQuerySchema(at), req.query);
    res.json(await showback.teamShowback(name, { from, to }, by, at));
  });

  router.get('/showback', async (req, res) => {
    const { caller } = await callerOf(req);
    if (!caller.isPlatformAdmin) throw new NotAllowedError("Only platform admins see every team's costs; open your team's costs instead");
    const at = now();
    res.json(await showback.platformShowback(parse(dayWindowSchema(at), req.query), at));
  });

  router.get('/apps/:team/:app', async (req, res) => {
    const name = await team(req);
    const app = parse(nameSchema, req.params.app);
    const { days } = parse(appCostQuerySchema, req.query);
    res.json(await showback.appCost(name, app, days, now()));
  });

  router.get('/environments/run-rates', async (req, res) => {
    const { credentials } = await callerOf(req);
    res.json(
      await showback.runRates(now(), async namespaces => {
        const decisions = await permissions.authorize(
          namespaces.map(namespace => ({ permission: environmentReadPermission, resourceRef: namespace })),
          { credentials },
        );
        return namespaces.filter((_, i) => decisions[i].result === AuthorizeResult.ALLOW);
      }),
    );
  });

  router.get('/teams/:team/chargeback', async (req, res) => {
    const name = await team(req);
    const view: ChargebackMonthsView = { team: name, months: await chargeback.months(name, now()) };
    res.json(view);
  });

  router.get('/teams/:team/chargeback/:month', async (req, res) => {
    const name = await team(req);
    const month = parse(monthSchema, req.params.month);
    const { format } = parse(chargebackQuerySchema, req.query);
    const report = await chargeback.report(name, month, now());
    if (format === 'csv') {
      res.type('text/csv').attachment(`chargeback-${name}-${month}.csv`).send(chargebackCsv(report));
    } else {
      res.json(report);
    }
  });

  // OpenCost's allocation API: teams see their own teams' allocations; platform admins everything, with idle and shared.
  router.get('/allocation/compute', async (req, res) => {
    const { caller } = await callerOf(req);
    const { window, aggregate, step, accumulate } = parse(allocationQuerySchema(now()), req.query);
    res.json(await allocation.compute({ window, aggregate, stepMs: step, accumulate, teams: caller.isPlatformAdmin ? undefined : caller.teams }));
  });

  // After the routes: a path segment that is not UTF-8 is a 400 naming the path.
  router.use(pathParamErrors());
  return router;
}

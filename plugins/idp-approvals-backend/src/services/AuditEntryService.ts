import { BackstageCredentials, UserInfoService } from '@backstage/backend-plugin-api';
import { AuditEntriesResponse } from '@internal/plugin-idp-approvals-common';
import { Caller, callerFromIdentity } from '@internal/plugin-idp-environments-common';
import { AuditCursor, AuditLogService, AuditScope } from '@internal/plugin-idp-environments-node';

/** The audit page's filters, parsed (router.ts). */
export interface AuditEntryListQuery {
  team?: string;
  namespace?: string;
  actor?: string;
  action?: string;
  before?: AuditCursor;
  limit: number;
}

/**
 * Who sees which audit entries: platform admins everything; tech leads their teams' entries;
 * everyone their own actions (a developer sees what they did, not what their teammates did:
 * PRODUCT.md gives the audit log to leads and admins).
 */
export function auditScopeOf(caller: Caller): AuditScope {
  return caller.isPlatformAdmin ? { all: true } : { teams: caller.leadOf, actor: caller.userEntityRef };
}

/** `<milliseconds>-<id>`: where the next page starts, opaque to the page. */
export const formatAuditCursor = (cursor: AuditCursor) => `${cursor.at.getTime()}-${cursor.id}`;
export function parseAuditCursor(value: string): AuditCursor | undefined {
  const match = /^(\d{1,15})-(\d{1,20})$/.exec(value);
  return match ? { at: new Date(Number(match[1])), id: match[2] } : undefined;
}

/** The audit log as the caller may read it. */
export class AuditEntryService {
  static create(deps: { auditLog: AuditLogService; userInfo: UserInfoService }) {
    return new AuditEntryService(deps);
  }

  private constructor(private readonly deps: { auditLog: AuditLogService; userInfo: UserInfoService }) {}

  async list(credentials: BackstageCredentials, query: AuditEntryListQuery): Promise<AuditEntriesResponse> {
    const info = await this.deps.userInfo.getUserInfo(credentials);
    const caller = callerFromIdentity(info.userEntityRef, info.ownershipEntityRefs);
    const { action, ...filters } = query;
    const page = await this.deps.auditLog.list({ ...filters, eventId: action, scope: auditScopeOf(caller) });
    return { items: page.items, next: page.next && formatAuditCursor(page.next) };
  }
}

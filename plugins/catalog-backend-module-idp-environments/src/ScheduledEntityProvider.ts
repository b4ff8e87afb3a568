import { LoggerService, SchedulerServiceTaskRunner } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { EntityProvider, EntityProviderConnection } from '@backstage/plugin-catalog-node';
import { ClusterAccess, ClusterWait } from '@internal/plugin-idp-kubernetes-node';

/**
 * An entity provider that mirrors something in the cluster into the catalog on a schedule,
 * replacing all its entities each time. Subclasses only say what the entities are.
 */
export abstract class ScheduledEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;

  constructor(
    protected readonly cluster: ClusterAccess,
    private readonly runner: SchedulerServiceTaskRunner,
    protected readonly logger: LoggerService,
  ) {}

  abstract getProviderName(): string;

  /** The entities as the cluster has them now, and the location key they are stored under. */
  protected abstract readEntities(): Promise<{ entities: Entity[]; locationKey: string; what: string }>;

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    await this.runner.run({
      id: `${this.getProviderName()}:refresh`,
      fn: async () => {
        await this.refresh();
      },
    });
  }

  /** A local cluster still being built is said once, not as a failure every tick. */
  private clusterWait?: ClusterWait;

  async refresh(): Promise<number> {
    if (!this.connection) throw new Error(`${this.constructor.name} is not connected to the catalog yet`);
    this.clusterWait ??= new ClusterWait(this.logger, this.getProviderName());
    let read: Awaited<ReturnType<ScheduledEntityProvider['readEntities']>>;
    try {
      read = await this.readEntities();
    } catch (error) {
      // The entities already in the catalog stay as they are until the cluster answers.
      if (this.clusterWait.absorbs(error)) return 0;
      throw error;
    }
    this.clusterWait.up();
    const { entities, locationKey, what } = read;
    await this.connection.applyMutation({ type: 'full', entities: entities.map(entity => ({ entity, locationKey })) });
    this.logger.debug(`Catalog now lists ${entities.length} ${what}`);
    return entities.length;
  }
}

import { Construct } from 'constructs';
import { ArtifactRegistryRepository, ArtifactRegistryRepositoryIamMember } from '../providers/google';

/** Props of {@link ImageRepository}. */
export interface ImageRepositoryProps {
  /** Project of the repository. */
  readonly project: string;
  /** Region of the repository (the cluster's, so pulls stay in the region). */
  readonly region: string;
  /** Repository id, e.g. `dask-images`. */
  readonly repositoryId: string;
  /** Cluster the images are for, for the description. */
  readonly clusterName: string;
  /** Google Cloud labels. */
  readonly labels: Record<string, string>;
  /** Members (`serviceAccount:...`) that may pull, e.g. the node service account. */
  readonly readers: string[];
  /**
   * Cloud KMS key that encrypts the repository.
   * @default Google-managed encryption
   */
  readonly kmsKeyName?: string;
}

/**
 * An Artifact Registry Docker repository for the cluster image, readable
 * only by the given members (nobody else is granted anything on it here).
 * Tags are re-pushed after each rebuild while pods pull by digest, so tags
 * stay mutable; superseded (untagged) versions are deleted after 30 days,
 * and the 5 newest versions are always kept.
 */
export class ImageRepository extends Construct {
  /** The repository. */
  public readonly repository: ArtifactRegistryRepository;
  /** Docker address, e.g. `europe-west1-docker.pkg.dev/my-project/dask-images`. */
  public readonly url: string;

  constructor(scope: Construct, id: string, props: ImageRepositoryProps) {
    super(scope, id);
    this.repository = new ArtifactRegistryRepository(this, 'repository', {
      project: props.project,
      location: props.region,
      repositoryId: props.repositoryId,
      format: 'DOCKER',
      description: `Cluster images of ${props.clusterName} (dask-cdktf); pods pull them by digest`,
      labels: props.labels,
      kmsKeyName: props.kmsKeyName,
      dockerConfig: { immutableTags: false },
      cleanupPolicyDryRun: false,
      cleanupPolicies: [
        { id: 'delete-untagged', action: 'DELETE', condition: { tagState: 'UNTAGGED', olderThan: '2592000s' } },
        { id: 'keep-recent', action: 'KEEP', mostRecentVersions: { keepCount: 5 } },
      ],
    });
    this.url = `${props.region}-docker.pkg.dev/${props.project}/${props.repositoryId}`;
    props.readers.forEach(
      (member, index) =>
        new ArtifactRegistryRepositoryIamMember(this, index === 0 ? 'reader' : `reader-${index + 1}`, {
          project: props.project,
          location: props.region,
          repository: this.repository.name,
          role: 'roles/artifactregistry.reader',
          member,
        }),
    );
  }
}

import { DIALECTS } from '../support/databases.js';
import { describePublicationQueueContract } from './publication-queue.contract.js';

if (DIALECTS.includes('postgres')) describePublicationQueueContract('graphile-worker', 'postgres');

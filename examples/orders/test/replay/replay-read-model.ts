// The module `eventspec replay --module` reads: the code to replay the recorded order streams through.
// Node runs it as TypeScript (type stripping), so it imports the sources with their .ts names.
import { orderUpcasters } from '../../src/evolution/stored-order-events.ts';
import { customerOrders } from '../../src/read-models/customer-orders.ts';

// #region replay-module
/** `eventspec replay --module test/replay/replay-read-model.ts --jsonl <history>` rebuilds the customers' read model. */
export default { upcasters: orderUpcasters, projection: customerOrders };
// #endregion replay-module

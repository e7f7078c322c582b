export { deliveryTest, runDeliveryCheck } from './delivery-test.js';

export { deliveryTest } from './delivery-test.js';

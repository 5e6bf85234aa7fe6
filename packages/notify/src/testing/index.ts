export { startReceiver, type Receiver, type ReceivedRequest, type Answer } from './receiver.js';

export { FaultProxyClient, ControlError } from './control-client';
export { type ControlServer, startControlServer } from './control-server';
export {
  FaultProxy,
  type FaultProxyControl,
  type FaultProxyOptions,
  forwardableHeaders,
  OUTCOMES,
  type Outcome,
  type PartitionMode,
  type ProxyStats,
  type RequestRecord,
} from './fault-proxy';
export { type AddressInput, isLoopbackIPv4, type LoopbackAddress, loopbackAddress } from './loopback';
export { type FaultProxyProcess, startFaultProxyProcess } from './main';
export {
  FAULT_MODES,
  type Fault,
  type FaultMode,
  parseRuleSpec,
  type RequestMatch,
  type Rule,
  RuleError,
  type RuleSpec,
} from './rules';

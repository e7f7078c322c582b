import { Partitioners } from 'kafkajs';

/** kafkajs partitioners; naming the default explicitly silences kafkajs' v2 partitioner warning. */
export const Partitions = {
  default: Partitioners.DefaultPartitioner,
  legacy: Partitioners.LegacyPartitioner,
} as const;

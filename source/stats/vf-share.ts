// When the VF carries the traffic: a fact advice (vf-carries-traffic) and the VF view both read.

/** Above 90 % of packets on the VF the synthetic queues only see SYN, broadcast and multicast. */
export const vfDominantShare = 0.9;

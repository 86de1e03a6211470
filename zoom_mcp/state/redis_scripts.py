"""The Lua scripts behind `RedisStore`'s atomic operations (one script = one atomic step in Redis).

Times come from Redis's own clock (`TIME`), so replicas need not agree on the time. `EPOCH` (a prefix of
`PING` and `CLAIM`) starts the store's memory epoch: the time from which every claim is remembered (a
Redis that restarted without its data starts a new one; see `StateStore.claim`).
"""

from __future__ import annotations

NOW = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
"""

EPOCH = """
local epoch = redis.call('GET', KEYS[1])
if not epoch then
  local t = redis.call('TIME')
  epoch = string.format('%.6f', tonumber(t[1]) + tonumber(t[2]) / 1000000)
  redis.call('SET', KEYS[1], epoch)
end
"""

PING = EPOCH + "return epoch\n"

CLAIM = (
    EPOCH
    + """
if redis.call('SET', KEYS[2], '1', 'NX', 'PX', ARGV[1]) then return {1, epoch} end
return {0, epoch}
"""
)

INCR = """
local v = redis.call('INCRBY', KEYS[1], ARGV[1])
if redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return v
"""

_RESERVE_BODY = """
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local max_wait = tonumber(ARGV[3])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
local new_tat = tat + interval
local wait = new_tat - burst * interval - now
if wait < 0 then wait = 0 end
if max_wait >= 0 and wait > max_wait then return {0, string.format('%.6f', wait), used} end
redis.call('SET', KEYS[1], string.format('%.6f', new_tat), 'PX', math.ceil((new_tat - now) * 1000) + 1000)
return {1, string.format('%.6f', wait), used}
"""

RESERVE = NOW + "local used = -1\n" + _RESERVE_BODY

# RESERVE with a counter (KEYS[2], new counter's TTL ARGV[4] ms, limit ARGV[5]) counted first, in the same step:
# a request past the counter's limit books no slot. One round trip where INCR then RESERVE took two.
RESERVE_COUNTED = (
    NOW
    + """
local used = redis.call('INCRBY', KEYS[2], 1)
if redis.call('PTTL', KEYS[2]) < 0 then redis.call('PEXPIRE', KEYS[2], ARGV[4]) end
if used > tonumber(ARGV[5]) then return {0, '0', used} end
"""
    + _RESERVE_BODY
)

PAUSE = (
    NOW
    + """
local target = now + tonumber(ARGV[1]) + (tonumber(ARGV[3]) - 1) * tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < target then
  redis.call('SET', KEYS[1], string.format('%.6f', target), 'PX', math.ceil((target - now) * 1000) + 1000)
end
return 1
"""
)

ADMIT = (
    NOW
    + """
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', string.format('%.6f', now - window))
if redis.call('ZCARD', KEYS[1]) >= limit then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  local wait = window
  if oldest[2] then wait = tonumber(oldest[2]) + window - now end
  if wait < 0 then wait = 0 end
  return string.format('%.6f', wait)
end
redis.call('ZADD', KEYS[1], string.format('%.6f', now), ARGV[3])
redis.call('PEXPIRE', KEYS[1], math.ceil(window * 1000) + 1000)
return false
"""
)

SET_ADD = (
    NOW
    + """
local ms = tonumber(ARGV[2])
redis.call('ZADD', KEYS[1], string.format('%.6f', now + ms / 1000), ARGV[1])
if redis.call('PTTL', KEYS[1]) < ms + 1000 then redis.call('PEXPIRE', KEYS[1], ms + 1000) end
return 1
"""
)

SET_ADD_BOUNDED = (
    NOW
    + """
local ms = tonumber(ARGV[2])
for i, key in ipairs(KEYS) do
  redis.call('ZREMRANGEBYSCORE', key, '-inf', string.format('%.6f', now))
  if (not redis.call('ZSCORE', key, ARGV[1])) and redis.call('ZCARD', key) >= tonumber(ARGV[i + 2]) then
    return i
  end
end
for _, key in ipairs(KEYS) do
  redis.call('ZADD', key, string.format('%.6f', now + ms / 1000), ARGV[1])
  if redis.call('PTTL', key) < ms + 1000 then redis.call('PEXPIRE', key, ms + 1000) end
end
return 0
"""
)

SET_MEMBERS = (
    NOW
    + """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', string.format('%.6f', now))
return redis.call('ZRANGE', KEYS[1], 0, -1)
"""
)

LEASE = """
local holder = redis.call('GET', KEYS[1])
if (not holder) or holder == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0
"""

RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""

/**
 * The failover lesson's strings (issue 12): the live node map with Drain / Kill / Start, on the
 * load-balancing and gateway cards. Typed like i18n-teacher.ts: Korean must have every key.
 */
export const failoverEn = {
  nodeMapTitle: 'Live node map: drain, kill, start',
  nodeMapHelp:
    'Drain is a planned goodbye: the balancer stops sending new players to the node, the node saves each of its rooms and hands it to another node at once, its players reconnect there and keep their seat and score, then it stops. Kill stops it at once, like a crash: its rooms wait for their lease to lapse (2 s) and another node takes them over from the last save. Start runs it again under the same name.',
  nodeStateUp: 'up',
  nodeStateStarting: 'starting…',
  nodeStateDraining: 'draining…',
  nodeStateDown: 'down',
  nodeExitDrained: 'drained',
  nodeExitKilled: 'killed',
  nodeExitCrashed: 'crashed',
  nodeDrain: 'Drain',
  nodeKill: 'Kill',
  nodeStart: 'Start',
  nodeOwnsRoom: 'runs room {code}',
  nodePlayersRooms: '{players} connected · {rooms} room(s), all rooms',
  nodeNoStudents: 'nobody from this room',
  nodeAway: 'Reconnecting (on no node right now): {names}',
  roomTicking: 'Room {code}: tick {tick}, running on {node}',
  roomNotTicking: 'Room {code}: tick {tick}, not advancing (its node may be moving it)',
  roomRewound: '(went back {n} ticks: restored from the last save)',
  nodeDraining: '{node} is draining: watch its students move and the tick keep climbing.',
  nodeKilled: '{node} was killed: in about 2 s its lease lapses and another node takes its rooms over.',
  nodeStarting: '{node} is starting again under the same name.',
  nodeLastNode: '{node} is the last running node: its players would have nowhere to go. Start another node first.',
  nodeNotUp: 'Not now: {message}',
  roomMoved: 'Room {code} moved from {from} to {to}; its students reconnected there and kept their seats and scores.',
} as const;

export type FailoverKey = keyof typeof failoverEn;

export const failoverKo: { readonly [K in FailoverKey]: string } = {
  nodeMapTitle: '실시간 노드 지도: 비우기, 강제 종료, 시작',
  nodeMapHelp:
    '비우기(drain)는 미리 알린 작별이에요. 밸런서가 이 노드로 새 플레이어를 보내지 않고, 노드는 자기 방을 하나씩 저장해서 곧바로 다른 노드에 넘겨요. 플레이어들은 그쪽으로 다시 연결되고 자리와 점수를 그대로 지켜요. 그다음 노드가 멈춰요. 강제 종료(kill)는 고장처럼 바로 멈춰요. 그 노드의 방은 임대(lease)가 끝날 때까지(2초) 기다렸다가 다른 노드가 마지막 저장본에서 넘겨받아요. 시작은 같은 이름으로 다시 실행해요.',
  nodeStateUp: '실행 중',
  nodeStateStarting: '시작하는 중…',
  nodeStateDraining: '비우는 중…',
  nodeStateDown: '멈춤',
  nodeExitDrained: '비움',
  nodeExitKilled: '강제 종료',
  nodeExitCrashed: '고장',
  nodeDrain: '비우기',
  nodeKill: '강제 종료',
  nodeStart: '시작',
  nodeOwnsRoom: '{code} 방을 실행 중',
  nodePlayersRooms: '연결 {players}명 · 방 {rooms}개 (모든 방)',
  nodeNoStudents: '이 방 학생 없음',
  nodeAway: '다시 연결하는 중 (지금은 어느 노드에도 없음): {names}',
  roomTicking: '{code} 방: 틱 {tick}, {node}에서 실행 중',
  roomNotTicking: '{code} 방: 틱 {tick}, 멈춰 있어요 (노드가 방을 옮기는 중일 수 있어요)',
  roomRewound: '(마지막 저장본에서 되살려서 {n}틱 뒤로 돌아갔어요)',
  nodeDraining: '{node} 노드를 비우는 중이에요. 학생들이 옮겨 가고 틱이 계속 올라가는 걸 보세요.',
  nodeKilled: '{node} 노드를 강제 종료했어요. 약 2초 뒤 임대가 끝나면 다른 노드가 방을 넘겨받아요.',
  nodeStarting: '{node} 노드를 같은 이름으로 다시 시작하는 중이에요.',
  nodeLastNode: '{node} 노드는 마지막으로 실행 중인 노드예요. 플레이어들이 갈 곳이 없어요. 먼저 다른 노드를 시작하세요.',
  nodeNotUp: '지금은 할 수 없어요: {message}',
  roomMoved: '{code} 방이 {from}에서 {to}(으)로 옮겨 갔어요. 학생들은 그쪽으로 다시 연결되고 자리와 점수를 그대로 지켰어요.',
};

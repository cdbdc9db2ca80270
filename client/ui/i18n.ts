import { failoverEn, failoverKo } from './i18n-failover';
import { lessonsEn, lessonsKo } from './i18n-lessons';
import { onboardingEn, onboardingKo } from './i18n-onboarding';
import { replayEn, replayKo } from './i18n-replay';
import { teacherEn, teacherKo } from './i18n-teacher';

/**
 * UI text in English and Korean. Every string the player reads goes through t(); dictionaries
 * have the same keys (the Korean one is typed against the English one, so a missing key fails
 * typecheck). The language follows navigator.language until the player picks one.
 */
const playerEn = {
  title: 'Roundtrip',
  tagline: 'Deliver pizzas. Learn how the internet talks.',
  nameLabel: 'Your name',
  namePlaceholder: 'e.g. Minji',
  codeLabel: 'Room code',
  codePlaceholder: 'e.g. K7QX2M',
  createRoom: 'Create a room',
  joinRoom: 'Join room',
  or: 'or',
  joining: 'Joining…',
  needName: 'Enter a name first (1 to 16 letters).',
  needCode: 'Enter a room code to join.',
  errRoomNotFound: 'There is no room with that code. Check the code and try again.',
  errRoomFull: 'That room is full. Ask your teacher for another room.',
  errRoomLocked: 'That room is locked.',
  errNameTaken: 'Someone in this room is already called “{name}”: choose another name.',
  errTryAgain: 'The room’s server did not answer (it may be moving to another server): try again in a moment.',
  errVersion: 'This page is out of date for the server. Reload the page.',
  errSessionExpired: 'Your session has expired. Join the room again.',
  errRoomGoneStudent: 'Room {code} is gone: its server stopped before the room could be saved, or the room closed. Ask your teacher for the new room code.',
  errRemoved: 'Your teacher removed you from this room. Ask your teacher to let you back in.',
  errNetwork: 'Cannot reach the server. Check your connection and try again.',
  errGeneric: 'Could not join: {message}',
  connectionLost: 'Connection lost — reconnecting…',
  reconnectingAttempt: 'Connection lost — reconnecting (attempt {n})…',
  serverRestarting: 'The server is restarting — reconnecting…',
  resumed: 'Reconnected. Your session was resumed.',
  room: 'Room',
  score: 'Score',
  carrying: 'Pizzas',
  timeLeft: 'Time left',
  phaseLobby: 'Before the round',
  phasePlaying: 'Round {round}',
  phaseResults: 'Round over',
  resultsTitle: 'Results',
  nextRoundIn: 'Next round in {s} s',
  lobbyNextIn: 'Back to the lobby in {s} s. Your teacher starts the next round.',
  you: 'you',
  goShop: 'Ride to a pizza shop to pick up pizzas',
  goDeliver: 'Deliver to a house with an order',
  shop: 'PIZZA',
  inspector: 'Network',
  inspectorTitle: 'Network inspector',
  close: 'Close',
  node: 'Node',
  owner: 'Room owner',
  autopilot: 'Autopilot',
  rtt: 'RTT',
  tick: 'Tick',
  tickRate: 'Tick rate',
  snapshotRate: 'Snapshots',
  bytesIn: 'In',
  bytesOut: 'Out',
  interpDelay: 'Interp. delay',
  extrapolating: 'Extrapolating',
  pendingInputs: 'Unacked inputs',
  corrections: 'Corrections',
  correctionsValue: '{n} (largest {tiles} tiles)',
  imposed: 'Set by teacher',
  imposedNone: 'none',
  imposedBanner: 'Your teacher added {what} to your connection',
  imposedLatency: '{ms} ms of lag each way',
  imposedJitter: '± {ms} ms of jitter',
  imposedLoss: '{pct} % loss',
  imposedAnd: ' and ',
  imposedCleared: 'Your connection is back to normal',
  prediction: 'Prediction',
  interpolation: 'Interpolation',
  simLatency: 'Simulated latency (each way)',
  simLoss: 'Simulated loss',
  on: 'on',
  off: 'off',
  perSecond: '/s',
  language: '한국어',
  controlsHint: 'Arrows / WASD to ride · I = network inspector',
  waitingForTeacher: 'Waiting for your teacher to start the round: ride around to practise',
} as const;

const en = { ...playerEn, ...onboardingEn, ...teacherEn, ...lessonsEn, ...failoverEn, ...replayEn } as const;

export type MessageKey = keyof typeof en;
type Dictionary = { readonly [K in MessageKey]: string };
type PlayerDictionary = { readonly [K in keyof typeof playerEn]: string };

const playerKo: PlayerDictionary = {
  title: 'Roundtrip',
  tagline: '피자를 배달하며 인터넷이 대화하는 방법을 배워요.',
  nameLabel: '이름',
  namePlaceholder: '예: 민지',
  codeLabel: '방 코드',
  codePlaceholder: '예: K7QX2M',
  createRoom: '방 만들기',
  joinRoom: '방 참가',
  or: '또는',
  joining: '참가하는 중…',
  needName: '먼저 이름을 입력하세요 (1~16자).',
  needCode: '참가할 방 코드를 입력하세요.',
  errRoomNotFound: '그 코드의 방이 없어요. 코드를 확인하고 다시 시도하세요.',
  errRoomFull: '방이 가득 찼어요. 선생님께 다른 방을 물어보세요.',
  errRoomLocked: '잠긴 방이에요.',
  errNameTaken: '이 방에 이미 “{name}”(이)라는 사람이 있어요. 다른 이름을 골라 주세요.',
  errTryAgain: '방의 서버가 답하지 않았어요 (다른 서버로 옮겨지는 중일 수 있어요). 잠시 후 다시 해 보세요.',
  errVersion: '이 페이지가 서버보다 오래된 버전이에요. 페이지를 새로고침하세요.',
  errSessionExpired: '세션이 만료되었어요. 방에 다시 참가하세요.',
  errRoomGoneStudent: '{code} 방이 없어졌어요. 방을 저장하기 전에 서버가 멈췄거나 방이 닫혔어요. 선생님께 새 방 코드를 물어보세요.',
  errRemoved: '선생님이 이 방에서 내보냈어요. 다시 들어가려면 선생님께 말씀드리세요.',
  errNetwork: '서버에 연결할 수 없어요. 연결을 확인하고 다시 시도하세요.',
  errGeneric: '참가하지 못했어요: {message}',
  connectionLost: '연결이 끊어졌어요 — 다시 연결하는 중…',
  reconnectingAttempt: '연결이 끊어졌어요 — 다시 연결하는 중 ({n}번째 시도)…',
  serverRestarting: '서버가 다시 시작하는 중이에요 — 다시 연결하는 중…',
  resumed: '다시 연결되었어요. 세션을 이어서 진행해요.',
  room: '방',
  score: '점수',
  carrying: '피자',
  timeLeft: '남은 시간',
  phaseLobby: '라운드 전',
  phasePlaying: '{round} 라운드',
  phaseResults: '라운드 종료',
  resultsTitle: '결과',
  nextRoundIn: '{s}초 후 다음 라운드',
  lobbyNextIn: '{s}초 후 대기실로 돌아가요. 다음 라운드는 선생님이 시작해요.',
  you: '나',
  goShop: '피자 가게로 가서 피자를 받으세요',
  goDeliver: '주문한 집으로 배달하세요',
  shop: '피자',
  inspector: '네트워크',
  inspectorTitle: '네트워크 인스펙터',
  close: '닫기',
  node: '노드',
  owner: '방 담당 노드',
  autopilot: '자동 운전',
  rtt: '왕복 시간',
  tick: '틱',
  tickRate: '틱 속도',
  snapshotRate: '스냅샷',
  bytesIn: '받음',
  bytesOut: '보냄',
  interpDelay: '보간 지연',
  extrapolating: '외삽',
  pendingInputs: '미확인 입력',
  corrections: '보정',
  correctionsValue: '{n}회 (최대 {tiles}타일)',
  imposed: '선생님 설정',
  imposedNone: '없음',
  imposedBanner: '선생님이 내 연결에 {what}을 추가했어요',
  imposedLatency: '편도 {ms}ms 지연',
  imposedJitter: '± {ms}ms 흔들림',
  imposedLoss: '{pct}% 손실',
  imposedAnd: ', ',
  imposedCleared: '연결이 원래대로 돌아왔어요',
  prediction: '예측',
  interpolation: '보간',
  simLatency: '지연 시뮬레이션 (한 방향)',
  simLoss: '손실 시뮬레이션',
  on: '켬',
  off: '끔',
  perSecond: '/초',
  language: 'English',
  controlsHint: '방향키 / WASD로 이동 · I = 네트워크 인스펙터',
  waitingForTeacher: '선생님이 라운드를 시작하기를 기다리는 중: 돌아다니며 연습해 보세요',
};

const ko: Dictionary = { ...playerKo, ...onboardingKo, ...teacherKo, ...lessonsKo, ...failoverKo, ...replayKo };

export type Lang = 'en' | 'ko';
const DICTIONARIES: Record<Lang, Dictionary> = { en, ko };

let current: Lang = 'en';
const listeners: (() => void)[] = [];

/** 'ko' for any Korean locale, else English. */
export function detectLang(language: string | undefined): Lang {
  return language?.toLowerCase().startsWith('ko') ? 'ko' : 'en';
}

/** Both tables, for the completeness test. */
export function dictionary(lang: Lang): Readonly<Record<MessageKey, string>> {
  return DICTIONARIES[lang];
}

export function getLang(): Lang {
  return current;
}

export function setLang(lang: Lang): void {
  if (lang === current) return;
  current = lang;
  for (const l of listeners) l();
}

export function onLangChange(listener: () => void): void {
  listeners.push(listener);
}

/** The string for key in the current language, with {name} placeholders filled in. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  const text = DICTIONARIES[current][key];
  if (params === undefined) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

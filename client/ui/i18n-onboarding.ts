/**
 * The first-seconds texts (issue 12): the controls hint, the steering switch, the guide. Kept
 * apart from the rest of the player's texts so the dictionaries stay readable; i18n.ts merges
 * them, and the Korean table is typed against the English one.
 */
export const onboardingEn = {
  hintTitle: 'How to ride',
  hintKeysPoint: 'Arrow keys or WASD: ride the way you press. Two keys ride diagonally.',
  hintKeysTank: '↑ ride · ↓ brake and reverse · ← → turn the scooter',
  hintStickPoint: 'Drag the stick the way you want to go. The further you drag, the faster.',
  hintStickTank: 'Stick ahead to ride, to the side to turn, back to brake.',
  hintGoal: 'Follow the arrow: pick up pizzas at the shop, then deliver them to houses with an order.',
  hintInspector: 'Press I to open the network inspector.',
  hintSteering: 'Would you rather turn left and right? Switch the steering at the top right.',
  steeringPoint: 'Steering: point',
  steeringTank: 'Steering: turn',
  steeringSwitchTitle: 'Point: ride the way you push. Turn: left and right rotate the scooter.',
  controlsHintTouch: 'Drag the stick to ride · Network opens the inspector',
} as const;

export const onboardingKo: { readonly [K in keyof typeof onboardingEn]: string } = {
  hintTitle: '이렇게 타요',
  hintKeysPoint: '방향키나 WASD: 누른 방향으로 달려요. 두 키를 함께 누르면 대각선으로 가요.',
  hintKeysTank: '↑ 달리기 · ↓ 브레이크와 후진 · ← → 스쿠터 돌리기',
  hintStickPoint: '가고 싶은 방향으로 스틱을 끌어요. 멀리 끌수록 빨라요.',
  hintStickTank: '스틱을 앞으로 밀면 달리고, 옆으로 밀면 돌고, 뒤로 밀면 멈춰요.',
  hintGoal: '화살표를 따라가요: 가게에서 피자를 받아서 주문한 집에 배달해요.',
  hintInspector: 'I 키를 누르면 네트워크 인스펙터가 열려요.',
  hintSteering: '왼쪽 오른쪽으로 돌리는 방식이 더 좋나요? 오른쪽 위에서 조향을 바꿀 수 있어요.',
  steeringPoint: '조향: 방향',
  steeringTank: '조향: 회전',
  steeringSwitchTitle: '방향: 민 방향으로 달려요. 회전: 왼쪽 오른쪽 키로 스쿠터를 돌려요.',
  controlsHintTouch: '스틱을 끌어서 달려요 · 네트워크 버튼으로 인스펙터를 열어요',
};

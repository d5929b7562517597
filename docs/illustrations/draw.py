"""Draw the guide's line figures as small SVG files.

The drawings are content (editors can replace them in the admin); this script is only how the
first set was made, so a designer can tweak a pose and regenerate rather than hand-edit paths.
Run: uv run python docs/illustrations/draw.py OUT_DIR
"""

import sys
from pathlib import Path

# Colours from static/css/site.css :root.
INK = "#1b1f24"
MUTED = "#4a5560"
PAPER = "#ffffff"
TINT = "#f3f6f8"
LINE = "#c9d2da"
LINK = "#0b57a4"
OK = "#1d6b2f"
GP = "#00546b"
GP_TINT = "#e6f4f7"

FLOOR_Y = 184


def pts(points) -> str:
    return " ".join(f"{x:g},{y:g}" for x, y in points)


def limb(points, colour=INK, width=10) -> str:
    return f'<polyline points="{pts(points)}" stroke="{colour}" stroke-width="{width}"/>'


def torso(neck, hip, colour=INK) -> str:
    return limb([neck, hip], colour, 18)


def head(centre, colour=INK) -> str:
    x, y = centre
    return f'<circle cx="{x:g}" cy="{y:g}" r="13" fill="{PAPER}" stroke="{colour}" stroke-width="6"/>'


def eye(centre) -> str:
    x, y = centre
    return f'<circle cx="{x:g}" cy="{y:g}" r="2.5" fill="{INK}" stroke="none"/>'


def floor() -> str:
    return f'<line x1="8" y1="{FLOOR_Y + 6}" x2="312" y2="{FLOOR_Y + 6}" stroke="{LINE}" stroke-width="4"/>'


def mat(x1=20, x2=300) -> str:
    return f'<rect x="{x1}" y="{FLOOR_Y}" width="{x2 - x1}" height="6" rx="3" fill="{LINE}" stroke="none"/>'


def arrow(d, colour=OK) -> str:
    """A curved motion arrow: the path, then a head drawn by marker-free geometry for small files."""
    return f'<path d="{d}" stroke="{colour}" stroke-width="5" stroke-dasharray="2 9" fill="none"/>'


def arrow_head(tip, angle_deg, colour=OK) -> str:
    x, y = tip
    return (
        f'<polygon points="0,0 -14,-8 -14,8" fill="{colour}" stroke="none" '
        f'transform="translate({x:g} {y:g}) rotate({angle_deg:g})"/>'
    )


def chair(x, seat_y=128, facing=1, back=True) -> str:
    """A side-view chair: seat from x to x+60*facing, back at x when back is set."""
    x2 = x + 60 * facing
    parts = [
        f'<line x1="{x}" y1="{seat_y}" x2="{x2}" y2="{seat_y}" stroke="{MUTED}" stroke-width="6"/>',
        f'<line x1="{x}" y1="{seat_y}" x2="{x}" y2="{FLOOR_Y + 4}" stroke="{MUTED}" stroke-width="5"/>',
        f'<line x1="{x2}" y1="{seat_y}" x2="{x2}" y2="{FLOOR_Y + 4}" stroke="{MUTED}" stroke-width="5"/>',
    ]
    if back:
        parts.append(f'<line x1="{x}" y1="{seat_y}" x2="{x}" y2="{seat_y - 62}" stroke="{MUTED}" stroke-width="6"/>')
    return "".join(parts)


def bed(x1=150, x2=312, top=128, depth=26) -> str:
    return (
        f'<rect x="{x1}" y="{top}" width="{x2 - x1}" height="{depth}" rx="6" fill="{TINT}" stroke="{MUTED}" '
        f'stroke-width="4"/>'
        f'<line x1="{x1 + 8}" y1="{top + depth}" x2="{x1 + 8}" y2="{FLOOR_Y + 4}" stroke="{MUTED}" stroke-width="5"/>'
        f'<line x1="{x2 - 8}" y1="{top + depth}" x2="{x2 - 8}" y2="{FLOOR_Y + 4}" stroke="{MUTED}" stroke-width="5"/>'
    )


def svg(title: str, *parts: str, zoom: tuple[float, float, float] | None = None) -> str:
    """Wrap the parts; zoom=(scale, x, y) enlarges a small pose about the point (x, y)."""
    body = "".join(parts)
    transform = ""
    if zoom:
        scale, x, y = zoom
        transform = f' transform="translate({x:g} {y:g}) scale({scale:g}) translate({-x:g} {-y:g})"'
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 320 200" role="img">'
        f"<title>{title}</title>"
        f'<g fill="none" stroke-linecap="round" stroke-linejoin="round"{transform}>{body}</g></svg>'
    )


# Side view, lying on the back, head to the left. Shoulder (neck) and hip on the body line.
LYING_Y = FLOOR_Y - 10
L_NECK = (96, LYING_Y)
L_HIP = (160, LYING_Y)
L_HEAD = (73, LYING_Y - 2)
LYING_ZOOM = (1.6, 140, FLOOR_Y + 6)


def lying_base():
    return [mat(), torso(L_NECK, L_HIP), head(L_HEAD)]


def knee_to_chest_start():
    far_leg = limb([L_HIP, (190, 136), (214, LYING_Y + 2), (228, LYING_Y + 2)], MUTED)
    near_leg = limb([L_HIP, (196, 140), (222, LYING_Y + 2), (236, LYING_Y + 2)])
    arm = limb([(100, LYING_Y + 2), (128, LYING_Y + 4), (154, LYING_Y + 4)], MUTED, 9)
    return svg(
        "Lying on your back, knees bent, feet flat",
        floor(),
        *lying_base()[:1],
        far_leg,
        arm,
        *lying_base()[1:],
        near_leg,
        zoom=LYING_ZOOM,
    )


def knee_to_chest_held():
    far_leg = limb([L_HIP, (196, 140), (222, LYING_Y + 2), (236, LYING_Y + 2)], MUTED)
    near_leg = limb([L_HIP, (134, 134), (164, 118), (176, 112)], LINK)
    arms = limb([L_NECK, (116, 140), (144, 124)])
    return svg(
        "Lying on your back, hugging one knee to your chest",
        floor(),
        mat(),
        far_leg,
        torso(L_NECK, L_HIP),
        head(L_HEAD),
        near_leg,
        arms,
        arrow("M 205 92 Q 172 74 140 96"),
        arrow_head((136, 100), 140),
        zoom=LYING_ZOOM,
    )


# Top view, lying on the back: head left, shoulders across, legs to the right.
TOP_Y = 100
TOP_ZOOM = (1.15, 165, TOP_Y)


def top_view_body(shoulder_colour=INK):
    shoulders = limb([(96, TOP_Y - 30), (96, TOP_Y + 30)], shoulder_colour, 14)
    body = torso((96, TOP_Y), (168, TOP_Y))
    hips = limb([(168, TOP_Y - 18), (168, TOP_Y + 18)], INK, 14)
    blanket = f'<rect x="24" y="36" width="272" height="128" rx="10" fill="{TINT}" stroke="{LINE}" stroke-width="4"/>'
    return [blanket, shoulders, body, hips, head((70, TOP_Y))]


def glute_start():
    arms = limb([(96, TOP_Y - 30), (120, TOP_Y - 40), (146, TOP_Y - 44)]) + limb(
        [(96, TOP_Y + 30), (120, TOP_Y + 40), (146, TOP_Y + 44)]
    )
    legs = limb([(168, TOP_Y - 14), (214, TOP_Y - 14), (262, TOP_Y - 14), (272, TOP_Y - 22)]) + limb(
        [(168, TOP_Y + 14), (214, TOP_Y + 14), (262, TOP_Y + 14), (272, TOP_Y + 6)]
    )
    return svg(
        "Seen from above: lying on your back, legs straight, arms by your sides",
        *top_view_body(),
        arms,
        legs,
        zoom=TOP_ZOOM,
    )


def glute_held():
    arms = limb([(96, TOP_Y - 30), (100, TOP_Y - 50), (104, TOP_Y - 68)])
    helper_arm = limb([(96, TOP_Y + 30), (150, TOP_Y + 40), (196, TOP_Y + 36)])
    straight_leg = limb([(168, TOP_Y + 14), (214, TOP_Y + 14), (262, TOP_Y + 14), (272, TOP_Y + 6)])
    bent_leg = limb([(168, TOP_Y - 14), (206, TOP_Y + 38), (236, TOP_Y + 4)], LINK)
    return svg(
        "Seen from above: lying on your back, one knee guided across your body, shoulders flat",
        *top_view_body(),
        arms,
        straight_leg,
        bent_leg,
        helper_arm,
        arrow("M 200 40 Q 232 44 226 76"),
        arrow_head((224, 82), 100),
        zoom=TOP_ZOOM,
    )


# Kneeling behind a ball, side view facing right.
BALL = (228, FLOOR_Y - 46, 46)


def ball():
    x, y, r = BALL
    return f'<circle cx="{x}" cy="{y}" r="{r}" fill="{GP_TINT}" stroke="{GP}" stroke-width="5"/>'


def ball_start():
    hip = (118, 132)
    neck = (118, 76)
    legs = limb([hip, (120, FLOOR_Y - 4), (70, FLOOR_Y - 4), (58, FLOOR_Y - 8)], MUTED) + limb(
        [hip, (128, FLOOR_Y - 6), (78, FLOOR_Y - 6), (64, FLOOR_Y - 10)]
    )
    arm = limb([neck, (138, 108), (170, 116)])
    return svg(
        "Kneeling upright behind a large exercise ball",
        floor(),
        ball(),
        legs,
        torso(neck, hip),
        head((118, 52)),
        eye((126, 50)),
        arm,
    )


def ball_held():
    hip = (150, 122)
    neck = (236, 96)
    legs = limb([hip, (118, FLOOR_Y - 4), (70, FLOOR_Y - 4), (58, FLOOR_Y - 8)], MUTED) + limb(
        [hip, (126, FLOOR_Y - 6), (78, FLOOR_Y - 6), (64, FLOOR_Y - 10)]
    )
    back = f'<path d="M {hip[0]} {hip[1]} Q 196 80 {neck[0]} {neck[1]}" stroke="{INK}" stroke-width="18"/>'
    arm = limb([(246, 104), (272, 140), (284, FLOOR_Y - 4)])
    return svg(
        "Lying face down over the ball, hands on the floor in front",
        floor(),
        ball(),
        legs,
        back,
        head((258, 112)),
        eye((264, 120)),
        arm,
    )


# Front view, sitting on a chair.
def chair_front():
    return (
        f'<rect x="110" y="56" width="100" height="66" rx="8" fill="{TINT}" stroke="{MUTED}" stroke-width="5"/>'
        f'<line x1="100" y1="132" x2="220" y2="132" stroke="{MUTED}" stroke-width="8"/>'
        f'<line x1="108" y1="132" x2="104" y2="{FLOOR_Y + 4}" stroke="{MUTED}" stroke-width="5"/>'
        f'<line x1="212" y1="132" x2="216" y2="{FLOOR_Y + 4}" stroke="{MUTED}" stroke-width="5"/>'
    )


def sitting_legs():
    return limb([(146, 128), (140, 146), (140, FLOOR_Y - 2), (130, FLOOR_Y)]) + limb(
        [(174, 128), (180, 146), (180, FLOOR_Y - 2), (190, FLOOR_Y)]
    )


def twist_start():
    shoulders = limb([(130, 74), (190, 74)], INK, 12)
    arms = limb([(130, 74), (116, 104), (120, 126)]) + limb([(190, 74), (204, 104), (200, 126)])
    return svg(
        "Sitting upright on a chair, facing forward",
        floor(),
        chair_front(),
        sitting_legs(),
        limb([(160, 72), (160, 122)], INK, 26),
        limb([(140, 126), (180, 126)], INK, 14),
        shoulders,
        arms,
        head((160, 46)),
        eye((155, 44)),
        eye((165, 44)),
    )


def twist_held():
    shoulders = limb([(146, 74), (176, 74)], LINK, 12)
    front_arm = limb([(146, 74), (166, 100), (198, 124)], LINK)
    back_arm = limb([(176, 74), (206, 80), (214, 100)], MUTED)
    return svg(
        "Sitting on a chair, upper body turned to one side, one hand behind you",
        floor(),
        chair_front(),
        back_arm,
        sitting_legs(),
        limb([(160, 72), (160, 122)], INK, 18),
        limb([(140, 126), (180, 126)], INK, 14),
        shoulders,
        front_arm,
        head((160, 46)),
        eye((168, 44)),
        f'<path d="M 172 46 L 179 50 L 172 52" stroke="{INK}" stroke-width="3"/>',
        arrow("M 120 22 Q 160 4 200 22"),
        arrow_head((206, 26), 35),
    )


# Getting down and up: side views facing right, with a chair or a bed.
def seat_chair_right():
    """A firm chair on the right, its back furthest from the person."""
    return chair(250, 128, facing=-1)


def stand_at_chair():
    legs = limb([(126, 110), (128, 148), (126, FLOOR_Y - 2), (140, FLOOR_Y)], MUTED) + limb(
        [(132, 110), (136, 148), (134, FLOOR_Y - 2), (148, FLOOR_Y)]
    )
    arm = limb([(132, 62), (150, 88), (186, 84)])
    return svg(
        "Standing facing a firm chair, both hands on its back",
        floor(),
        chair(186, 128, facing=1),
        legs,
        torso((132, 60), (130, 110)),
        head((134, 36)),
        eye((142, 34)),
        arm,
    )


def half_kneel_at_chair():
    hip = (120, 128)
    neck = (146, 80)
    back_leg = limb([hip, (110, FLOOR_Y - 6), (68, FLOOR_Y - 6), (56, FLOOR_Y - 10)], MUTED)
    front_leg = limb([hip, (158, 124), (156, FLOOR_Y - 2), (170, FLOOR_Y)], LINK)
    arm = limb([neck, (168, 106), (194, 126)])
    return svg(
        "Kneeling on one knee with the other foot flat in front, hands on the chair seat",
        floor(),
        seat_chair_right(),
        back_leg,
        torso(neck, hip),
        front_leg,
        head((154, 58)),
        eye((162, 56)),
        arm,
    )


def kneel_at_chair():
    hip = (128, 130)
    neck = (152, 84)
    legs = limb([hip, (118, FLOOR_Y - 6), (72, FLOOR_Y - 6), (60, FLOOR_Y - 10)], MUTED) + limb(
        [hip, (126, FLOOR_Y - 6), (80, FLOOR_Y - 6), (68, FLOOR_Y - 10)]
    )
    arm = limb([neck, (172, 108), (196, 126)])
    return svg(
        "Kneeling on both knees facing a chair, hands on the seat",
        floor(),
        seat_chair_right(),
        legs,
        torso(neck, hip),
        head((160, 62)),
        eye((168, 60)),
        arm,
    )


def hands_and_knees():
    hip = (112, 128)
    neck = (170, 124)
    legs = limb([hip, (108, FLOOR_Y - 6), (62, FLOOR_Y - 6), (50, FLOOR_Y - 10)], MUTED) + limb(
        [hip, (116, FLOOR_Y - 6), (70, FLOOR_Y - 6), (58, FLOOR_Y - 10)]
    )
    arms = limb([neck, (166, 154), (168, FLOOR_Y - 4)], MUTED) + limb([neck, (176, 154), (178, FLOOR_Y - 4)])
    return svg(
        "On your hands and knees on the floor",
        floor(),
        legs,
        torso(neck, hip),
        arms,
        head((194, 116)),
        eye((202, 118)),
        zoom=(1.2, 120, FLOOR_Y + 6),
    )


def side_lying(surface_top=140, bed_frame=False):
    """Lying on one side facing us, knees bent, top hand on the surface in front of the chest."""
    y = surface_top + 12
    band = (
        bed(24, 300, surface_top - 8, 56)
        if bed_frame
        else f'<rect x="20" y="{surface_top}" width="280" height="{FLOOR_Y + 6 - surface_top}" rx="6" '
        f'fill="{TINT}" stroke="{LINE}" stroke-width="4"/>'
    )
    legs = limb([(160, y), (204, y + 14), (176, y + 26), (190, y + 30)])
    arm = limb([(100, y), (116, y + 18), (140, y + 22)])
    return (
        band,
        torso((100, y), (160, y)),
        legs,
        head((74, y - 4)),
        eye((69, y - 6)),
        eye((79, y - 6)),
        arm,
    )


def side_lying_floor():
    return svg("Lying on your side on the floor, knees bent", floor(), *side_lying(), zoom=(1.15, 150, FLOOR_Y))


def back_lying_floor():
    return knee_to_chest_start().replace(
        "<title>Lying on your back, knees bent, feet flat</title>",
        "<title>Lying on your back on the floor, knees bent, feet flat</title>",
    )


def sit_on_chair():
    hip = (200, 122)
    neck = (204, 70)
    legs = limb([hip, (160, 118), (158, FLOOR_Y - 2), (144, FLOOR_Y)])
    arm = limb([neck, (194, 98), (170, 114)])
    return svg(
        "Sitting on the chair, resting",
        floor(),
        chair(226, 128, facing=-1),
        torso(neck, hip),
        legs,
        head((206, 46)),
        eye((198, 44)),
        arm,
    )


def sit_on_bed():
    hip = (172, 118)
    neck = (174, 66)
    legs = limb([hip, (134, 122), (132, FLOOR_Y - 2), (118, FLOOR_Y)])
    arm = limb([neck, (184, 94), (194, 118)])
    return svg(
        "Sitting on the edge of the bed, feet flat on the floor",
        floor(),
        bed(150, 312, 124),
        torso(neck, hip),
        legs,
        head((176, 42)),
        eye((168, 40)),
        arm,
    )


def side_lying_bed():
    return svg("Lying on your side on the bed, knees bent", floor(), *side_lying(98, bed_frame=True))


def back_lying_bed():
    y = 110
    return svg(
        "Lying on your back on the bed, knees bent, feet flat",
        floor(),
        bed(24, 300, 116),
        torso((96, y), (160, y)),
        limb([(160, y), (196, 76), (222, y), (236, y)]),
        head((73, y - 2)),
    )


MOVEMENT_DRAWINGS = {
    "stand-at-chair": stand_at_chair,
    "half-kneel-at-chair": half_kneel_at_chair,
    "kneel-at-chair": kneel_at_chair,
    "hands-and-knees": hands_and_knees,
    "side-lying-floor": side_lying_floor,
    "back-lying-floor": back_lying_floor,
    "sit-on-chair": sit_on_chair,
    "sit-on-bed": sit_on_bed,
    "side-lying-bed": side_lying_bed,
    "back-lying-bed": back_lying_bed,
}

DRAWINGS = {
    "knee-to-chest-start": knee_to_chest_start,
    "knee-to-chest-held": knee_to_chest_held,
    "gluteus-medius-lower-back-start": glute_start,
    "gluteus-medius-lower-back-held": glute_held,
    "exercise-ball-stretch-start": ball_start,
    "exercise-ball-stretch-held": ball_held,
    "seated-twist-start": twist_start,
    "seated-twist-held": twist_held,
}


def main(out_dir: str) -> None:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for name, draw in (DRAWINGS | MOVEMENT_DRAWINGS).items():
        text = draw()
        (out / f"{name}.svg").write_text(text)
        print(f"{name}.svg {len(text.encode())} bytes")


if __name__ == "__main__":
    main(sys.argv[1])

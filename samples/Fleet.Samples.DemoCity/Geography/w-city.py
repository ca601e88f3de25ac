#!/usr/bin/env python3
"""Writes the demo city W市's geography: src/Fleet.Server/wwwroot/maps/w-city.geojson.

The city is drawn on three banks split by the great river and its tributary (as 汉口, 汉阳 and 武昌 split Wuhan):
each bank's streets are a bent grid of named roads, the banks are joined only by named bridges, and the roads'
shared vertices are their junctions. Run it again after changing the plan; the checks at the end refuse a road that
runs through water or a place away from the roads.
"""
import json
import math
import pathlib

OUT = pathlib.Path(__file__).resolve().parents[3] / "src/Fleet.Server/wwwroot/maps/w-city.geojson"


def r6(x):
    return round(x, 6)


def pt(lat, lon):
    return (r6(lat), r6(lon))


# ---- water -----------------------------------------------------------------------------------------------------
YANGTZE = [(30.440, 114.200), (30.480, 114.235), (30.510, 114.258), (30.535, 114.276), (30.552, 114.288), (30.570, 114.298),
           (30.590, 114.309), (30.610, 114.322), (30.630, 114.340), (30.650, 114.365), (30.668, 114.395), (30.685, 114.430),
           (30.700, 114.470)]
HAN = [(30.600, 114.130), (30.588, 114.170), (30.578, 114.205), (30.571, 114.235), (30.566, 114.258), (30.563, 114.275),
       (30.5615, 114.294)]


def band(line, half):
    """A river as a polygon: its centre line widened by half a width on each side (degrees, lon scaled by latitude)."""
    k = math.cos(math.radians(30.58))
    left, right = [], []
    for i, (lat, lon) in enumerate(line):
        a = line[max(i - 1, 0)]
        b = line[min(i + 1, len(line) - 1)]
        dy, dx = b[0] - a[0], (b[1] - a[1]) * k
        n = math.hypot(dx, dy)
        nx, ny = -dy / n, dx / n
        left.append(pt(lat + ny * half, lon + nx * half / k))
        right.append(pt(lat - ny * half, lon - nx * half / k))
    ring = left + right[::-1]
    return ring + [ring[0]]


def lake(lat, lon, rlat, rlon, n=18):
    ring = [pt(lat + rlat * math.sin(2 * math.pi * i / n), lon + rlon * math.cos(2 * math.pi * i / n)) for i in range(n)]
    return ring + [ring[0]]


# ---- the three banks' street grids -----------------------------------------------------------------------------
def grid(origin, along, across, irange, jrange):
    return {(i, j): pt(origin[0] + along[0] * i + across[0] * j, origin[1] + along[1] * i + across[1] * j)
            for i in irange for j in jrange}


# 汉口: north of the tributary, west of the river; i runs north-east along the river, j inland to the north-west.
K = grid((30.570, 114.287), (0.020, 0.013), (0.006, -0.012), range(0, 6), range(0, 7))
# 汉阳: south of the tributary, west of the river; i runs south-west along the river, j inland to the west.
H = grid((30.556, 114.280), (-0.018, -0.014), (0.002, -0.014), range(0, 4), range(0, 5))
# 武昌 and 青山: east of the river; i runs north-east along it, j inland to the south-east.
W = grid((30.548, 114.298), (0.016, 0.016), (-0.006, 0.012), range(-1, 7), range(0, 4))

ROADS = []  # (name_zh, name_en, kind, [points])


def grid_roads(g, irange, jrange, along_names, across_names):
    for j, (zh, en, kind) in zip(jrange, along_names):
        ROADS.append((zh, en, kind, [g[(i, j)] for i in irange]))
    for i, (zh, en, kind) in zip(irange, across_names):
        ROADS.append((zh, en, kind, [g[(i, j)] for j in jrange]))


grid_roads(K, range(0, 6), range(0, 7),
           [("沿江大道", "Yanjiang Avenue", "trunk"), ("胜利街", "Shengli Street", "street"), ("中山大道", "Zhongshan Avenue", "trunk"),
            ("京汉大道", "Jinghan Avenue", "primary"), ("解放大道", "Jiefang Avenue", "trunk"), ("建设大道", "Jianshe Avenue", "primary"),
            ("发展大道", "Fazhan Avenue", "trunk")],
           [("沿河大道", "Yanhe Avenue", "primary"), ("江汉路", "Jianghan Road", "street"), ("黄浦大街", "Huangpu Street", "primary"),
            ("三阳路", "Sanyang Road", "street"), ("二七路", "Erqi Road", "primary"), ("后湖大道", "Houhu Avenue", "primary")])
grid_roads(H, range(0, 4), range(0, 5),
           [("滨江大道", "Binjiang Avenue", "trunk"), ("鹦鹉大道", "Yingwu Avenue", "primary"), ("汉阳大道", "Hanyang Avenue", "trunk"),
            ("龙阳大道", "Longyang Avenue", "primary"), ("江城大道", "Jiangcheng Avenue", "trunk")],
           [("晴川大道", "Qingchuan Avenue", "primary"), ("拦江路", "Lanjiang Road", "street"), ("四新大道", "Sixin Avenue", "primary"),
            ("江堤路", "Jiangdi Road", "street")])
grid_roads(W, range(-1, 7), range(0, 4),
           [("临江大道", "Linjiang Avenue", "trunk"), ("和平大道", "Heping Avenue", "trunk"), ("中北路", "Zhongbei Road", "primary"),
            ("珞喻路", "Luoyu Road", "trunk")],
           [("白沙洲大道", "Baishazhou Avenue", "primary"), ("武珞路", "Wuluo Road", "trunk"), ("首义路", "Shouyi Road", "street"),
            ("中山路", "Zhongshan Road", "street"), ("秦园路", "Qinyuan Road", "street"), ("徐东大街", "Xudong Street", "primary"),
            ("友谊大道", "Youyi Avenue", "trunk"), ("工业大道", "Gongye Avenue", "primary")])

BRIDGES = [
    ("长江大桥", "Yangtze River Bridge", H[(0, 0)], W[(0, 0)]),
    ("鹦鹉洲长江大桥", "Yingwuzhou Yangtze Bridge", H[(1, 0)], W[(-1, 0)]),
    ("长江二桥", "Second Yangtze Bridge", K[(1, 0)], W[(2, 0)]),
    ("二七长江大桥", "Erqi Yangtze Bridge", K[(2, 0)], W[(3, 0)]),
    ("天兴洲长江大桥", "Tianxingzhou Yangtze Bridge", K[(4, 0)], W[(5, 0)]),
    ("江汉桥", "Jianghan Bridge", K[(0, 1)], H[(0, 1)]),
    ("月湖桥", "Yuehu Bridge", K[(0, 3)], H[(0, 3)]),
    ("长丰桥", "Changfeng Bridge", K[(0, 5)], H[(0, 4)]),
]
for zh, en, a, b in BRIDGES:
    ROADS.append((zh, en, "bridge", [a, b]))

# Expressways out of the city: W市's out-of-region destinations lie at their ends.
OUT_OF_REGION = {
    "孝感市": ("Xiaogan", pt(30.924, 113.916)), "襄阳市": ("Xiangyang", pt(32.009, 112.122)),
    "鄂州市": ("Ezhou", pt(30.391, 114.895)), "黄冈市": ("Huanggang", pt(30.453, 114.872)), "黄石市": ("Huangshi", pt(30.200, 115.039)),
    "咸宁市": ("Xianning", pt(29.841, 114.322)), "仙桃市": ("Xiantao", pt(30.362, 113.454)), "荆州市": ("Jingzhou", pt(30.335, 112.240)),
    "宜昌市": ("Yichang", pt(30.692, 111.287)),
}
AIRPORT = pt(30.784, 114.209)
EXPRESSWAYS = [
    ("机场高速", "Airport Expressway", [K[(5, 6)], pt(30.740, 114.250), AIRPORT]),
    ("京港澳高速北段", "G4 Beijing–HK–Macau Expressway (north)", [K[(5, 6)], pt(30.760, 114.160), OUT_OF_REGION["孝感市"][1]]),
    ("福银高速", "G70 Fuzhou–Yinchuan Expressway", [OUT_OF_REGION["孝感市"][1], pt(31.300, 113.300), OUT_OF_REGION["襄阳市"][1]]),
    ("沪渝高速东段", "G50 Shanghai–Chongqing Expressway (east)", [W[(6, 3)], pt(30.520, 114.620), OUT_OF_REGION["鄂州市"][1]]),
    ("黄鄂高速", "Huangzhou–Ezhou Expressway", [OUT_OF_REGION["鄂州市"][1], OUT_OF_REGION["黄冈市"][1]]),
    ("大广高速", "G45 Daqing–Guangzhou Expressway", [OUT_OF_REGION["鄂州市"][1], pt(30.300, 114.980), OUT_OF_REGION["黄石市"][1]]),
    ("京港澳高速南段", "G4 Beijing–HK–Macau Expressway (south)", [W[(-1, 3)], pt(30.300, 114.330), OUT_OF_REGION["咸宁市"][1]]),
    ("沪渝高速西段", "G50 Shanghai–Chongqing Expressway (west)", [H[(3, 4)], pt(30.430, 113.800), OUT_OF_REGION["仙桃市"][1]]),
    ("沪蓉高速", "G42 Shanghai–Chengdu Expressway", [OUT_OF_REGION["仙桃市"][1], OUT_OF_REGION["荆州市"][1], pt(30.520, 111.700),
                                                 OUT_OF_REGION["宜昌市"][1]]),
]


def km(a, b):
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


def stretch(points, target):
    """Bends the longest stretch of an expressway out sideways until the road is <target> km long, as real ones wind:
    the demo trips declare the towns' road distances (WCity.OutOfRegion), and their tracks should drive about as far."""
    length = sum(km(a, b) for a, b in zip(points, points[1:]))
    if length >= target:
        return points
    i = max(range(len(points) - 1), key=lambda i: km(points[i], points[i + 1]))
    a, b = points[i], points[i + 1]
    s = km(a, b)
    h = math.sqrt(((s + target - length) / 2) ** 2 - (s / 2) ** 2)
    k = math.cos(math.radians(a[0]))
    dy, dx = b[0] - a[0], (b[1] - a[1]) * k
    n = math.hypot(dx, dy)
    mid = pt((a[0] + b[0]) / 2 + dx / n * h / 111.2, (a[1] + b[1]) / 2 - dy / n * h / 111.2 / k)
    return points[:i + 1] + [mid] + points[i + 1:]


# One-way road distances from the edge of the city, a few km short of what WCity.OutOfRegion counts from the centre.
LENGTHS = {"京港澳高速北段": 65, "福银高速": 240, "沪渝高速东段": 70, "京港澳高速南段": 90, "沪渝高速西段": 105}
for zh, en, points in EXPRESSWAYS:
    ROADS.append((zh, en, "expressway", stretch(points, LENGTHS[zh]) if zh in LENGTHS else points))


# ---- districts -------------------------------------------------------------------------------------------------
def cell_outline(g_origin, along, across, i0, i1, j0, j1):
    def at(i, j):
        return pt(g_origin[0] + along[0] * i + across[0] * j, g_origin[1] + along[1] * i + across[1] * j)
    ring = [at(i0, j0), at(i1, j0), at(i1, j1), at(i0, j1)]
    return ring + [ring[0]]


KG = ((30.570, 114.287), (0.020, 0.013), (0.006, -0.012))
HG = ((30.556, 114.280), (-0.018, -0.014), (0.002, -0.014))
WG = ((30.548, 114.298), (0.016, 0.016), (-0.006, 0.012))
DISTRICTS = [
    ("420103", "江汉区", "Jianghan District", cell_outline(*KG, -0.4, 2, -0.4, 3.5)),
    ("420104", "硚口区", "Qiaokou District", cell_outline(*KG, -0.4, 2, 3.5, 6.4)),
    ("420102", "江岸区", "Jiang'an District", cell_outline(*KG, 2, 5.4, -0.4, 6.4)),
    ("420105", "汉阳区", "Hanyang District", cell_outline(*HG, -0.4, 3.4, -0.4, 4.4)),
    ("420106", "武昌区", "Wuchang District", cell_outline(*WG, -1.4, 3.5, -0.4, 3.4)),
    ("420107", "青山区", "Qingshan District", cell_outline(*WG, 3.5, 6.4, -0.4, 3.4)),
]

WATER = [
    ("长江", "Yangtze River", "river", band(YANGTZE, 0.0035)),
    ("汉江", "Han River", "river", band(HAN, 0.0010)),
    ("东湖", "East Lake", "lake", lake(30.553, 114.384, 0.011, 0.013)),
    ("沙湖", "Sha Lake", "lake", lake(30.569, 114.328, 0.002, 0.003)),
    ("墨水湖", "Moshui Lake", "lake", lake(30.534, 114.224, 0.003, 0.004)),
    ("南湖", "South Lake", "lake", lake(30.498, 114.352, 0.004, 0.006)),
]

# ---- depots, destinations and flagged places: each on a junction, so that routes start and end on the roads ------
DEPOTS = [
    ("420100", "W市机关事务管理局车队", "City motor pool", K[(1, 2)]),
    ("420102", "江岸区公务用车服务中心", "Jiang'an motor pool", K[(3, 1)]),
    ("420103", "江汉区公务用车服务中心", "Jianghan motor pool", K[(1, 3)]),
    ("420104", "硚口区公务用车服务中心", "Qiaokou motor pool", K[(1, 5)]),
    ("420105", "汉阳区公务用车服务中心", "Hanyang motor pool", H[(1, 2)]),
    ("420106", "武昌区公务用车服务中心", "Wuchang motor pool", W[(1, 2)]),
    ("420107", "青山区公务用车服务中心", "Qingshan motor pool", W[(5, 2)]),
]
CITY_PLACES = [
    ("W市人民政府", "W City Government", K[(0, 2)]), ("W市民之家", "Citizens' Home", K[(2, 5)]),
    ("W市政务服务中心", "Government Service Centre", K[(2, 3)]), ("W市会议中心", "W Conference Centre", W[(2, 1)]),
    ("天河机场", "Tianhe Airport", AIRPORT), ("W市火车站", "W Railway Station", K[(4, 5)]),
    ("市应急指挥中心", "City Emergency Command Centre", H[(2, 2)]), ("市档案馆", "City Archives", W[(0, 2)]),
]
STREET_NODES = {
    "江岸区": ("Jiang'an", ["大智街道", "一元街道", "车站街道", "永清街道", "后湖街道", "丹水池街道"],
            [K[(2, 0)], K[(3, 0)], K[(3, 2)], K[(4, 1)], K[(4, 4)], K[(5, 2)]]),
    "江汉区": ("Jianghan", ["民族街道", "花楼街道", "水塔街道", "民权街道", "汉兴街道", "常青街道"],
            [K[(0, 1)], K[(1, 0)], K[(1, 1)], K[(2, 2)], K[(0, 3)], K[(2, 3)]]),
    "硚口区": ("Qiaokou", ["古田街道", "韩家墩街道", "宗关街道", "汉水桥街道", "易家街道", "长丰街道"],
            [K[(0, 6)], K[(1, 6)], K[(0, 4)], K[(0, 5)], K[(1, 4)], K[(2, 6)]]),
    "汉阳区": ("Hanyang", ["建桥街道", "鹦鹉街道", "洲头街道", "四新街道", "江堤街道", "永丰街道"],
            [H[(0, 1)], H[(1, 1)], H[(2, 0)], H[(3, 2)], H[(3, 0)], H[(1, 4)]]),
    "武昌区": ("Wuchang", ["积玉桥街道", "杨园街道", "徐家棚街道", "水果湖街道", "珞珈山街道", "南湖街道"],
            [W[(1, 0)], W[(2, 2)], W[(3, 1)], W[(1, 3)], W[(0, 3)], W[(-1, 2)]]),
    "青山区": ("Qingshan", ["红卫路街道", "冶金街道", "新沟桥街道", "钢花村街道", "白玉山街道", "厂前街道"],
            [W[(4, 1)], W[(5, 1)], W[(4, 2)], W[(6, 2)], W[(6, 1)], W[(5, 3)]]),
}
# Places a supervisor would draw a geofence around; a car that stays at one in working hours has some explaining to do.
FLAGGED = [
    ("黄鹤楼景区", "Yellow Crane Tower scenic area", "scenic", W[(0, 1)]),
    ("东湖听涛景区", "East Lake Tingtao scenic area", "scenic", W[(2, 3)]),
    ("欢乐谷", "Happy Valley amusement park", "entertainment", W[(4, 3)]),
    ("金色年华KTV", "Golden Years KTV", "entertainment", K[(3, 3)]),
    ("龟山高尔夫练习场", "Turtle Hill golf range", "entertainment", H[(2, 3)]),
]


# ---- checks ----------------------------------------------------------------------------------------------------
def crosses(a, b, c, d):
    def orient(p, q, r):
        v = (q[1] - p[1]) * (r[0] - p[0]) - (q[0] - p[0]) * (r[1] - p[1])
        return (v > 0) - (v < 0)
    return orient(a, b, c) != orient(a, b, d) and orient(c, d, a) != orient(c, d, b)


def inside(p, ring):
    hit = False
    for a, b in zip(ring, ring[1:]):
        if (a[0] > p[0]) != (b[0] > p[0]) and p[1] < a[1] + (p[0] - a[0]) * (b[1] - a[1]) / (b[0] - a[0]):
            hit = not hit
    return hit


def wet(a, b):
    for _, _, _, ring in WATER:
        if inside(a, ring) or inside(b, ring) or any(crosses(a, b, c, d) for c, d in zip(ring, ring[1:])):
            return True
    return False


problems = []
for zh, _, kind, points in ROADS:
    for a, b in zip(points, points[1:]):
        if wet(a, b) != (kind == "bridge"):
            problems.append(f"{zh} {a}->{b}: {'dry bridge' if kind == 'bridge' else 'through water'}")
if problems:
    raise SystemExit("\n".join(problems))


# ---- the file --------------------------------------------------------------------------------------------------
def line(points):
    return {"type": "LineString", "coordinates": [[lon, lat] for lat, lon in points]}


def point(p):
    return {"type": "Point", "coordinates": [p[1], p[0]]}


def polygon(ring):
    return {"type": "Polygon", "coordinates": [[[lon, lat] for lat, lon in ring]]}


def feature(geometry, layer, zh, en, kind, **more):
    return {"type": "Feature", "properties": {"layer": layer, "name_zh": zh, "name_en": en, "kind": kind, **more}, "geometry": geometry}


features = []
features += [feature(polygon(ring), "district", zh, en, "district", code=code) for code, zh, en, ring in DISTRICTS]
features += [feature(polygon(ring), "water", zh, en, kind) for zh, en, kind, ring in WATER]
features += [feature(line(points), "road", zh, en, kind) for zh, en, kind, points in ROADS]
features += [feature(point(p), "depot", zh, en, "depot", pool=code) for code, zh, en, p in DEPOTS]
features += [feature(point(p), "place", zh, en, "destination") for zh, en, p in CITY_PLACES]
for district, (en, streets, nodes) in STREET_NODES.items():
    features += [feature(point(p), "place", district + s, f"{en} {s}", "destination") for s, p in zip(streets, nodes)]
features += [feature(point(p), "place", zh, en, "out_of_region") for zh, (en, p) in OUT_OF_REGION.items()]
features += [feature(point(p), "place", zh, en, kind, radius_m=300) for zh, en, kind, p in FLAGGED]

document = {"type": "FeatureCollection", "name": "W市", "features": features}
OUT.write_text(json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
print(f"{OUT}: {len(features)} features, {OUT.stat().st_size} bytes")

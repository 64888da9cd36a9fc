#!/usr/bin/env bash
# Rebuilds examples/marketing.json with okr's own commands, as a marketing team would type them.
# Usage: bash examples/marketing.sh [path/to/okr]   (default: target/debug/okr)
# Northwind Roasters is an invented online coffee roaster; every name and number is made up.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
okr=${1:-$here/../target/debug/okr}
export OKR_FILE=$here/marketing.json OKR_TODAY=2026-11-20
rm -f "$OKR_FILE"
"$okr" init >/dev/null

# The example keeps short ids (o1, kr1, ...) for the docs: they are chosen here with --id, in
# the order the objectives and key results are added.
objectives=0 key_results=0
add() {
  local id
  if [ "$1" = objective ]; then id=o$((objectives += 1)); else id=kr$((key_results += 1)); fi
  case " $* " in *" --id "*) "$okr" add "$@" >/dev/null ;; *) "$okr" add "$@" --id "$id" >/dev/null ;; esac
}
# progress KR DATE VALUE [CONFIDENCE [NOTE]]
progress() {
  local args=("$1" "$3" --date "$2")
  [ -n "${4:-}" ] && args+=(--confidence "$4")
  [ -n "${5:-}" ] && args+=(--note "$5")
  "$okr" progress "${args[@]}" >/dev/null
}

# Company
add objective "Become the coffee brand home baristas recommend" --id o1 \
  --description "Word of mouth is our cheapest channel; earn it."
add kr o1 "Monthly organic visitors" --start 40000 --target 60000 --unit visitors
add kr o1 "Net promoter score" --start 32 --target 50
add kr o1 "Newsletter subscribers" --start 18000 --target 25000 --unit subscribers
add objective "Turn more visits into repeat orders" --committed
add kr o2 "Checkout conversion rate" --start 2.1 --target 3 --unit % --weight 2
add kr o2 "Cart abandonment" --start 72 --target 62 --unit %
add kr o2 "Customers who reorder within 60 days" --start 24 --target 30 --unit %

# Teams
add objective "Be the most useful brewing guide on the web" --team content --aligns kr1 --aligns kr3
add kr o3 "Brewing guides ranking in the top 3 on search" --start 6 --target 20 --unit guides
add kr o3 "Average reading time per guide" --start 1.8 --target 3 --unit min
add objective "Make buying coffee from us effortless" --team growth --committed --aligns kr4 --aligns kr5
add kr o4 "Mobile checkout conversion rate" --start 1.4 --target 2.4 --unit %
add kr o4 "Checkout page load time" --start 3.2 --target 1.5 --unit s
add objective "Open the Benelux market" --team growth --aligns kr1 --aligns kr6
add kr o5 "Orders shipped to Benelux per month" --start 40 --target 400 --unit orders
add kr o5 "Retail partner live in Benelux (yes/no)" --target 1
add objective "Grow a community that talks about our coffee" --team social --aligns kr2 --aligns kr3
add kr o6 "Instagram followers" --start 12400 --target 15000 --unit followers
add kr o6 "User recipes shared per week" --start 30 --target 120 --unit shares

# Individuals
add objective "Make our brewing videos worth watching to the end" --person maya --team content --aligns kr7 --aligns kr8
add kr o7 "Average video completion rate" --start 35 --target 55 --unit %
add kr o7 "Returning video viewers per month" --start 800 --target 2000 --unit viewers
add objective "Win back customers who stopped ordering" --person tom --team growth --aligns kr9
add kr o8 "Lapsed customers reactivated" --target 300 --unit customers
add kr o8 "Win-back email click rate" --start 2 --target 6 --unit %

# Weekly check-ins
progress kr1 2026-10-09 41800 7
progress kr1 2026-10-23 45100 7 "Autumn brewing guide is picking up links"
progress kr1 2026-11-06 47900 6
progress kr1 2026-11-20 50600 7 "Two guides reached page one"
progress kr2 2026-10-15 33 6
progress kr2 2026-11-15 38 6 "Survey after the grinder recall fix"
progress kr3 2026-10-09 18400 8
progress kr3 2026-10-23 19300 8
progress kr3 2026-11-06 20900 8 "Giveaway with a latte-art school"
progress kr3 2026-11-20 21800 7
progress kr4 2026-10-16 2.2 5
progress kr4 2026-10-30 2.3 5
progress kr4 2026-11-13 2.4 4 "Address autocomplete shipped, payment page still slow"
progress kr5 2026-10-16 71 6
progress kr5 2026-10-30 69 6
progress kr5 2026-11-13 67.5 6 "Shipping costs now shown before checkout"
progress kr6 2026-10-31 24.5 5
progress kr6 2026-11-15 25 3 "Subscription reminder emails delayed to December"
progress kr7 2026-10-12 7 8
progress kr7 2026-10-26 10 8
progress kr7 2026-11-09 13 8
progress kr7 2026-11-20 15 8 "Cold brew guide is number one"
progress kr8 2026-10-20 2.0 7
progress kr8 2026-11-17 2.4 7
progress kr9 2026-10-16 1.5 5
progress kr9 2026-11-13 1.7 4
progress kr10 2026-10-16 3.0 6
progress kr10 2026-11-13 2.1 7 "Images moved to a CDN"
progress kr11 2026-10-31 90 5
progress kr11 2026-11-15 140 4 "Customs paperwork slows first orders"
progress kr12 2026-10-20 0 7 "Two retail chains want samples"
progress kr12 2026-11-05 0 3 "Second partner talk fell through"
progress kr13 2026-10-14 12700 8
progress kr13 2026-10-28 13300 8
progress kr13 2026-11-11 14100 9 "Reel with a barista champion"
progress kr14 2026-10-14 42 7
progress kr14 2026-11-11 61 6
progress kr15 2026-10-19 38 7
progress kr15 2026-11-16 44 7 "Chapters added to the long videos"
progress kr16 2026-11-02 950 6
progress kr16 2026-11-16 1150 6
progress kr17 2026-10-23 40 5
progress kr17 2026-11-13 85 4 "Discount code works better than a plain reminder"
progress kr18 2026-10-23 2.4 5
progress kr18 2026-11-13 3.1 5
"$okr" check

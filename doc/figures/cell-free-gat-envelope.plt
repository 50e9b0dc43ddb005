set terminal png size 800,560
set output "doc/figures/cell-free-gat-envelope.png"
set title "GAT / APG max-min, median min-SE ratio (50 scenarios per cell, default density)"
set xlabel "M (APs)"
set ylabel "K (UEs)"

set view map
unset key
set cbrange [0.9:1.0]
set palette defined (0 '#b2182b', 0.5 '#fddbc7', 0.7 '#d1e5f0', 1 '#2166ac')
set xrange [-0.5:4.5]
set yrange [-0.5:5.5]
set xtics ("20" 0, "50" 1, "100" 2, "200" 3, "400" 4)
set ytics ("5" 0, "10" 1, "20" 2, "40" 3, "60" 4, "80" 5)
set label '1' at 0,0,1 center front
set label '1' at 1,0,1 center front
set label '1' at 2,0,1 center front
set label '1' at 3,0,1 center front
set label '1' at 4,0,1 center front
set label '1' at 0,1,1 center front
set label '1' at 1,1,1 center front
set label '1' at 2,1,1 center front
set label '1' at 3,1,1 center front
set label '1' at 4,1,1 center front
set label '1' at 1,2,1 center front
set label '1' at 2,2,1 center front
set label '1' at 3,2,1 center front
set label '1' at 4,2,1 center front
set label '1' at 1,3,1 center front
set label '1' at 2,3,1 center front
set label '1' at 3,3,1 center front
set label '0.999' at 4,3,1 center front
set label '1' at 2,4,1 center front
set label '0.999' at 3,4,1 center front
set label '0.999' at 4,4,1 center front
set label '1' at 2,5,1 center front
set label '0.999' at 3,5,1 center front
set label '0.999' at 4,5,1 center front

splot "-"  with points pointtype 5 pointsize 9 palette title "Untitled"
0 0 0.999862
1 0 0.999991
2 0 1
3 0 0.999901
4 0 0.999865
0 1 0.999918
1 1 0.999973
2 1 0.999969
3 1 0.999911
4 1 0.999845
1 2 0.999996
2 2 1.00003
3 2 0.999972
4 2 0.999792
1 3 0.999878
2 3 0.99975
3 3 0.999647
4 3 0.999227
2 4 0.999753
3 4 0.999441
4 4 0.998966
2 5 0.999858
3 5 0.999453
4 5 0.998862
e

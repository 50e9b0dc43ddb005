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
set label '0.999' at 3,0,1 center front
set label '0.999' at 4,0,1 center front
set label '1' at 0,1,1 center front
set label '1' at 1,1,1 center front
set label '1' at 2,1,1 center front
set label '1' at 3,1,1 center front
set label '0.999' at 4,1,1 center front
set label '1' at 1,2,1 center front
set label '1' at 2,2,1 center front
set label '1' at 3,2,1 center front
set label '0.999' at 4,2,1 center front
set label '1' at 1,3,1 center front
set label '1' at 2,3,1 center front
set label '0.999' at 3,3,1 center front
set label '0.998' at 4,3,1 center front
set label '1' at 2,4,1 center front
set label '0.999' at 3,4,1 center front
set label '0.998' at 4,4,1 center front
set label '1' at 2,5,1 center front
set label '0.999' at 3,5,1 center front
set label '0.998' at 4,5,1 center front

splot "-"  with points pointtype 5 pointsize 9 palette title "Untitled"
0 0 0.999824
1 0 0.999607
2 0 0.999582
3 0 0.999495
4 0 0.999469
0 1 0.99985
1 1 0.999753
2 1 0.999621
3 1 0.999524
4 1 0.999261
1 2 0.999854
2 2 0.999779
3 2 0.999528
4 2 0.999231
1 3 0.999795
2 3 0.999572
3 3 0.999153
4 3 0.998482
2 4 0.999674
3 4 0.999051
4 4 0.998252
2 5 0.999789
3 5 0.999174
4 5 0.998202
e

set terminal pngcairo size 960,620 font ',11'
set output '/work/main/doc/figures/cell-free-campaign-clusters.png'
set termoption noenhanced
set title 'User-centric service: GAT vs APG vs EPA, M = 100, N = 4, tau_p = 20: mean_min_se, mean and 95% CI over 5 runs'
set xlabel 'UE arrival rate (1/s), mean holding time 1 s'
set ylabel 'mean min-SE (bit/s/Hz)'
set key below maxrows 3
set grid
set offsets graph 0.03, graph 0.03, graph 0.05, graph 0.05
plot '/work/main/doc/figures/cell-free-campaign-clusters.dat' index 0 using 1:2:3 with yerrorlines lw 2 lc 1 dt 1 pt 5 title 'clusters=all, algorithm=apg', \
     '/work/main/doc/figures/cell-free-campaign-clusters.dat' index 1 using 1:2:3 with yerrorlines lw 2 lc 2 dt 1 pt 5 title 'clusters=all, algorithm=epa', \
     '/work/main/doc/figures/cell-free-campaign-clusters.dat' index 2 using 1:2:3 with yerrorlines lw 2 lc 3 dt 1 pt 5 title 'clusters=all, algorithm=gat', \
     '/work/main/doc/figures/cell-free-campaign-clusters.dat' index 3 using 1:2:3 with yerrorlines lw 2 lc 1 dt 2 pt 7 title 'clusters=strongest, algorithm=apg', \
     '/work/main/doc/figures/cell-free-campaign-clusters.dat' index 4 using 1:2:3 with yerrorlines lw 2 lc 2 dt 2 pt 7 title 'clusters=strongest, algorithm=epa', \
     '/work/main/doc/figures/cell-free-campaign-clusters.dat' index 5 using 1:2:3 with yerrorlines lw 2 lc 3 dt 2 pt 7 title 'clusters=strongest, algorithm=gat', \
     '/work/main/doc/figures/cell-free-campaign-clusters.dat' index 6 using 1:2:3 with yerrorlines lw 2 lc 1 dt 3 pt 9 title 'clusters=dcc, algorithm=apg', \
     '/work/main/doc/figures/cell-free-campaign-clusters.dat' index 7 using 1:2:3 with yerrorlines lw 2 lc 2 dt 3 pt 9 title 'clusters=dcc, algorithm=epa', \
     '/work/main/doc/figures/cell-free-campaign-clusters.dat' index 8 using 1:2:3 with yerrorlines lw 2 lc 3 dt 3 pt 9 title 'clusters=dcc, algorithm=gat'

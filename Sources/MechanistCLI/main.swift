print("mechanist")
